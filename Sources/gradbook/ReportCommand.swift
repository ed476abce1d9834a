import Core
import ArgumentParser
import Foundation
import Notebook
import Records
import Report
import Runner

/// `gradbook report`: re-render a notebook's report, charts and exports from its stored runs
/// without training, e.g. after editing a markdown cell or while shards are still running.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Re-render a notebook's report from its stored runs.",
        discussion: """
            Reads <out>/<notebook>/runs/ and rewrites report.md, report.ipynb, results.csv, \
            results.json and charts/ there; nothing is trained. Planned runs without a record are \
            listed as missing (with --shards N, together with the Slurm array task that owns each). \
            Exit status: 0 when the report was written, 2 for an invalid notebook, 1 otherwise.
            """)

    @Argument(help: "The notebook (.yaml) whose report to re-render.")
    var notebook: String

    @Option(name: .long, help: "Output folder, as given to 'gradbook run'; the report is in <out>/<notebook name>/.")
    var out: String = "reports"

    @Option(name: .long, help: "The sweep ran as a Slurm array of N shards: name the array task owning each missing run.")
    var shards: Int?

    func validate() throws {
        if let shards, shards < 1 { throw ValidationError("--shards must be at least 1, got \(shards)") }
    }

    func run() throws {
        let document: NotebookDocument
        do {
            document = try NotebookLoader.load(path: notebook, catalog: .shipped)
        } catch let errors as NotebookErrors {
            FileHandle.standardError.write(Data((errors.description + "\n").utf8))
            throw ExitCode(2)
        }
        let directory = "\(out)/\(document.stem)"
        let scan = try RunRecordStore(directory: directory).scan()
        let (stored, problems) = (scan.records, scan.problems)
        for problem in problems { warn("warning: \(problem)") }

        let planned = PlannedRecords(variants: document.variants, records: stored)
        let records = planned.keeping(stored)
        if records.count < stored.count {
            warn("note: \(stored.count - records.count) stored runs are not in the notebook's current plan and were left out")
        }
        let owners = arrayTaskOwners(document.variants)
        let missing = document.variants.filter { planned.record(of: $0) == nil }
            .map { (variant: $0, owner: owners["\($0.experiment)/\($0.id)"]) }

        var context = previousContext(directory: directory, records: records, missing: missing)
        context.dataNotes = DataPreparationNotes.notes(for: document)
        do {
            try ReportWriter.write(notebook: document, records: records, directory: directory, context: context)
            try IndexWriter.refresh(directory: out)
        } catch {
            warn("error: cannot write the report of \(notebook) in \(directory): \(error)")
            throw ExitCode(1)
        }
        var line = "\(document.stem): \(records.count) of \(document.variants.count) runs recorded"
        if !missing.isEmpty { line += ", \(missing.count) missing" }
        warn(line + "; report: \(directory)/report.md")
    }

    /// The sweep's facts come from the last full report when there is one (the wall time and jobs
    /// of the run that produced the records); otherwise they are estimated from the records.
    private func previousContext(directory: String, records: [RunRecord],
                                 missing: [(variant: Variant, owner: String?)]) -> ReportContext {
        var command = "gradbook run \(notebook)" + (out == "reports" ? "" : " --out \(out)")
        var jobs = 1
        var wallSeconds = records.map(\.seconds).reduce(0, +)
        var date = records.map(\.finishedAt).max() ?? ISO8601DateFormatter().string(from: Date())
        // A merged shard report must not inherit the last shard's own command and wall time: the
        // whole sweep reproduces with a plain local run (results are identical bit for bit).
        if shards == nil, let previous = try? ResultsFile.load(path: "\(directory)/results.json") {
            command = previous.run.command
            jobs = previous.run.jobs
            wallSeconds = previous.run.wallSeconds
            date = previous.run.date
        }
        return ReportContext(command: command, jobs: jobs, cores: ProcessInfo.processInfo.activeProcessorCount,
                             wallSeconds: wallSeconds, date: date, incomplete: !missing.isEmpty, missing: missing)
    }

    /// `array task k` for every variant, when the sweep ran as `--shards` array tasks.
    private func arrayTaskOwners(_ variants: [Variant]) -> [String: String] {
        guard let shards else { return [:] }
        var owners: [String: String] = [:]
        for (index, shard) in ShardPlanner.partition(variants, count: shards).enumerated() {
            for variant in shard { owners["\(variant.experiment)/\(variant.id)"] = "array task \(index + 1)" }
        }
        return owners
    }

    private func warn(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
