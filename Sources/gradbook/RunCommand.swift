import App
import ArgumentParser
import Core
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
            ended ok, early stopped or diverged; 1 when a run failed or timed out or a report could not \
            be written; 2 for invalid input (notebook or option; nothing is created); 130 when interrupted.
            """)

    @Argument(help: "A notebook (.yaml) or a folder of notebooks.")
    var path: String

    @Option(name: .long, help: "Output folder; each notebook writes <out>/<notebook name>/.")
    var out: String = "reports"

    @Option(name: .long, help: "Worker processes (default: the number of cores).", transform: OptionValues.positive)
    var jobs: Int?

    @Option(name: .long, help: "Per-run wall-clock limit such as 90s, 10m or 1h30m (overrides training.timeout).",
            transform: OptionValues.duration)
    var timeout: Double?

    @Flag(name: .long, help: "Retrain every variant, even those with a finished record.")
    var force = false

    @Option(name: .long, help: "Run only shard I of N of the plan (as a Slurm array task does), e.g. 2/3.",
            transform: OptionValues.shard)
    var shard: Shard?

    @Option(name: .long, help: "While the sweep runs, re-render the report at most this often, e.g. 30s or 5m (0: only at the end; always off under --shard).",
            transform: OptionValues.durationOrZero)
    var reportEvery: Double = RunOptions.defaultReportEvery

    @Option(name: .long, help: "Time this invocation may spend, e.g. 8h (over the notebook's 'budget'): runs start in order until the next would not finish in time.",
            transform: OptionValues.duration)
    var budget: Double?

    @Option(name: .long, help: "Like --budget, up to a time of day such as 07:00 (its next occurrence, local time).",
            transform: OptionValues.untilTime)
    var until: Double?

    @Flag(name: .long, help: "One plain line per finished run instead of the live display.")
    var noProgress = false

    @Flag(name: .long, help: "Print nothing but failures and errors.")
    var quiet = false

    @Flag(name: .long, help: "Also write TensorBoard event files to <out>/<notebook>/tensorboard/ (as 'tensorboard: true' does).")
    var tensorboard = false

    func validate() throws {
        if budget != nil && until != nil { throw ValidationError("give either --budget or --until, not both") }
    }

    func run() throws {
        var options = RunOptions(jobs: jobs ?? RunOptions.defaultJobs, timeoutSeconds: timeout, force: force, shard: shard,
                                 progress: quiet ? .quiet : (noProgress ? .plain : .automatic))
        options.reportEverySeconds = reportEvery
        options.budgetSeconds = budget ?? until
        let command = ShellQuoting.command(["gradbook"] + CommandLine.arguments.dropFirst())
        let service = RunService(request: .init(path: path, out: out, options: options, command: command,
                                                tensorboard: tensorboard),
                                 display: ProgressDisplay(mode: options.progress))
        let (notebooks, warnings) = try service.load()
        StandardError.write(lines: warnings)
        let outcome = try service.run(notebooks, finished: show)
        if let index = outcome.index { show(index) }
        try outcome.disposition.exit()
    }

    private func show(_ notebook: NotebookOutcome) {
        StandardError.write(lines: notebook.problems, prefix: "warning: ")
        if !quiet && notebook.scheduled == 0 {
            StandardError.write(notebook.kept == 0
                ? "\(notebook.stem): nothing to run\(notebook.shard.map { " in shard \($0)" } ?? "")"
                : "\(notebook.stem): all \(notebook.kept) runs already finished (use --force to rerun)")
        }
        if let failure = notebook.writeFailure {
            StandardError.write("error: \(failure)")
        } else if let error = notebook.reportError {
            StandardError.write("error: \(error)")
        } else if !quiet {
            let summary = notebook.countsByStatus.map { "\($0.count) \($0.status.rawValue)" }.joined(separator: ", ")
            StandardError.write("\(notebook.stem): \(notebook.records.count) of \(notebook.planned) runs recorded "
                                + "(\(summary)); report: \(notebook.reportPath)")
            for stop in notebook.budgetStops { StandardError.write("\(notebook.stem)/\(stop.experiment): \(stop.sentence)") }
        }
    }

    private func show(_ index: IndexOutcome) {
        if let error = index.error {
            StandardError.write("error: \(error)")
        } else if quiet {
            return
        } else if index.listed == 0 {
            StandardError.write("note: \(index.path) was not written by gradbook, so the index was not updated")
        } else {
            StandardError.write("index: \(index.path) (\(index.listed) notebook\(index.listed == 1 ? "" : "s"))")
        }
    }
}
