import ArgumentParser
import Core
import Foundation
import Notebook
import Records
import Report
import Runner

/// `gradbook run`: validate every notebook first, then train each sweep on worker processes,
/// persist each run as it ends, and write one report per notebook.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Train every variant of a notebook and write its report.",
        discussion: """
            Finished runs are kept in <out>/<notebook>/runs/ and never retrained: running the same \
            command again resumes an interrupted or partly failed sweep. Exit status: 0 when every run \
            ended ok, early stopped or diverged; 1 when a run failed or timed out; 2 for invalid input; \
            130 when interrupted.
            """)

    @Argument(help: "A notebook (.yaml) or a folder of notebooks.")
    var path: String

    @Option(name: .long, help: "Output folder; each notebook writes <out>/<notebook name>/.")
    var out: String = "reports"

    @Option(name: .long, help: "Worker processes (default: the number of cores).")
    var jobs: Int?

    @Option(name: .long, help: "Per-run wall-clock limit such as 90s, 10m or 1h (overrides training.timeout).")
    var timeout: String?

    @Flag(name: .long, help: "Retrain every variant, even those with a finished record.")
    var force = false

    @Option(name: .long, help: "Run only shard I of N of the plan (as a Slurm array task does), e.g. 2/3.")
    var shard: String?

    @Flag(name: .long, help: "One plain line per finished run instead of the live display.")
    var noProgress = false

    @Flag(name: .long, help: "Print nothing but failures and errors.")
    var quiet = false

    /// Bad option values are invalid input: exit status 2, as for a bad notebook.
    func validate() throws {
        var problems: [String] = []
        if let jobs, jobs < 1 { problems.append("--jobs must be at least 1, got \(jobs)") }
        if let timeout, DurationGrammar.seconds(timeout) == nil {
            problems.append("--timeout '\(timeout)' is not a duration such as 90s, 10m or 1h")
        }
        if let shard, Shard(parsing: shard) == nil {
            problems.append("--shard '\(shard)' is not I/N with 1 <= I <= N, e.g. 2/3")
        }
        guard problems.isEmpty else {
            printError(problems.map { "error: \($0)" }.joined(separator: "\n") + "\nUsage: \(Self.usageString())")
            throw ExitCode(2)
        }
    }

    func run() throws {
        let notebooks = try loadNotebooks()
        let options = RunOptions(
            jobs: jobs ?? RunOptions.defaultJobs, timeoutSeconds: timeout.flatMap(DurationGrammar.seconds),
            force: force, shard: shard.flatMap(Shard.init(parsing:)),
            progress: quiet ? .quiet : (noProgress ? .plain : .automatic))
        SignalTrap.install()
        let display = ProgressDisplay(mode: options.progress)
        var anyFailed = false
        var interrupted = false
        for notebook in notebooks where !interrupted {
            let directory = "\(out)/\(notebook.stem)"
            let outcome = try NotebookSweep(notebook: notebook, directory: directory, options: options,
                                            display: display, command: reproducingCommand).run()
            anyFailed = anyFailed || outcome.anyFailed
            interrupted = outcome.interrupted
        }
        // A signal that arrived while a report was being written still counts as an interruption.
        interrupted = interrupted || SignalTrap.shared.stopRequested
        if isFolder && !interrupted {
            writeIndex()
        }
        if interrupted { throw ExitCode(130) }
        if anyFailed { throw ExitCode(1) }
    }

    private var isFolder: Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// Every notebook is loaded and validated before anything is created; any problem: exit 2.
    private func loadNotebooks() throws -> [NotebookDocument] {
        var paths = [path]
        if isFolder {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            paths = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                .map { path.hasSuffix("/") ? path + $0 : "\(path)/\($0)" }
            if paths.isEmpty {
                printError("error: \(path): no notebooks (*.yaml) in this folder")
                throw ExitCode(2)
            }
        } else if !FileManager.default.fileExists(atPath: path) {
            printError("error: \(path): no such notebook")
            throw ExitCode(2)
        }
        var notebooks: [NotebookDocument] = []
        var invalid = false
        for path in paths {
            do {
                notebooks.append(try NotebookLoader.load(path: path, catalog: .shipped))
            } catch let errors as NotebookErrors {
                printError(errors.description)
                invalid = true
            } catch {
                printError("error: \(path): \(error)")
                invalid = true
            }
        }
        var stems: [String: String] = [:]
        for notebook in notebooks {
            if let other = stems[notebook.stem] {
                printError("error: \(notebook.path): its output folder '\(notebook.stem)' is also \(other)'s")
                invalid = true
            }
            stems[notebook.stem] = notebook.path
        }
        if invalid { throw ExitCode(2) }
        return notebooks
    }

    /// `DIR/README.md` linking every notebook's report with each experiment's best result. A
    /// README.md that gradbook did not write is left alone.
    private func writeIndex() {
        do {
            let listed = try IndexWriter.refresh(directory: out)
            if listed == 0 && !quiet {
                printError("note: \(out)/README.md was not written by gradbook, so the index was not updated")
            } else if !quiet {
                printError("index: \(out)/README.md (\(listed) notebook\(listed == 1 ? "" : "s"))")
            }
        } catch {
            printError("error: cannot write the index \(out)/README.md: \(error)")
        }
    }

    /// The command line that reproduces this run, as the report states it.
    private var reproducingCommand: String {
        ShellQuoting.command(["gradbook"] + CommandLine.arguments.dropFirst())
    }
}

private func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// One notebook's part of `gradbook run`: plan against the stored records, sweep, keep the best
/// weights, write the report.
struct NotebookSweep {
    let notebook: NotebookDocument
    let directory: String
    let options: RunOptions
    let display: ProgressDisplay
    let command: String

    struct Outcome {
        var anyFailed: Bool
        var interrupted: Bool
    }

    func run() throws -> Outcome {
        let clock = ContinuousClock()
        let started = clock.now
        let store = RunRecordStore(directory: directory)
        let plan = SweepPlan.make(notebook: notebook, store: store, options: options, existing: try scanReporting(store))
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var result = SweepResult(records: [], interrupted: false, unfinished: [])
        if plan.runs.isEmpty {
            if options.progress != .quiet && plan.kept.isEmpty {
                printError("\(notebook.stem): nothing to run\(options.shard.map { " in shard \($0)" } ?? "")")
            } else if options.progress != .quiet {
                printError("\(notebook.stem): all \(plan.kept.count) runs already finished (use --force to rerun)")
            }
        } else {
            result = try SweepRunner(options: options, store: store, display: display)
                .run(plan.runs, kept: plan.kept, title: notebook.stem)
        }

        let stored = try scanReporting(store)
        let planned = PlannedRecords(variants: notebook.variants, records: stored)
        var records = planned.keeping(stored)
        records = BestWeights.prune(notebook: notebook, records: records, store: store)
        let owners = shardOwners()
        let missing = notebook.variants.filter { planned.record(of: $0) == nil }
            .map { (variant: $0, owner: owners[RunKey($0)]) }
        let elapsed = clock.now - started
        let context = ReportContext(
            command: command, jobs: options.jobs, cores: RunOptions.defaultJobs,
            wallSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            date: RunRecord.timestamp(Date()), incomplete: result.interrupted || !missing.isEmpty, missing: missing,
            dataNotes: DataPreparationNotes.notes(for: notebook))
        var reportFailed = false
        do {
            try ReportWriter.write(notebook: notebook, records: records, directory: directory, context: context)
            if options.progress != .quiet {
                let counts = Dictionary(grouping: records, by: \.status).mapValues(\.count)
                let summary = RunStatus.allCases.compactMap { status in
                    counts[status].map { "\($0) \(status.rawValue)" }
                }.joined(separator: ", ")
                printError("\(notebook.stem): \(records.count) of \(notebook.variants.count) runs recorded (\(summary)); report: \(directory)/report.md")
            }
        } catch {
            printError("error: \(notebook.path): cannot write the report in \(directory): \(error)")
            reportFailed = true
        }
        let failed = result.records.contains { !$0.status.isFinished }
        return Outcome(anyFailed: failed || reportFailed, interrupted: result.interrupted)
    }

    private func scanReporting(_ store: RunRecordStore) throws -> [RunRecord] {
        let scan = try store.scan()
        for problem in scan.problems { printError("warning: \(problem)") }
        return scan.records
    }

    /// Which shard owns each variant, when this run is one shard of the plan.
    private func shardOwners() -> [RunKey: String] {
        guard let shard = options.shard else { return [:] }
        var owners: [RunKey: String] = [:]
        for (index, variants) in ShardPlanner.partition(notebook.variants, count: shard.count).enumerated() {
            for variant in variants { owners[RunKey(variant)] = "shard \(index + 1)/\(shard.count)" }
        }
        return owners
    }
}
