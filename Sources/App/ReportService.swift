import Core
import Foundation
import Notebook
import Records
import Report

/// `gradbook report`: re-renders a notebook's report from its stored runs, through the same
/// stage `gradbook run` ends with (plan records, best weights, missing runs, report), then the index.
public enum ReportService {
    public struct Request: Sendable {
        public var notebook: String
        public var out: String
        /// The sweep ran as a Slurm array of this many shards (names the owner of each missing run).
        public var shards: Int?
        /// `--tensorboard`: write the TensorBoard event files even if the notebook does not ask.
        public var tensorboard: Bool

        public init(notebook: String, out: String, shards: Int?, tensorboard: Bool = false) {
            self.notebook = notebook
            self.out = out
            self.shards = shards
            self.tensorboard = tensorboard
        }
    }

    public struct Outcome: Sendable {
        public var notebook: NotebookOutcome
        public var index: IndexOutcome

        public var disposition: ExitDisposition {
            notebook.reportError != nil || index.error != nil ? .failure : .success
        }
    }

    public static func render(_ request: Request) throws -> Outcome {
        var loaded = try NotebookInput.load(file: request.notebook)
        loaded.tensorboard = loaded.tensorboard || request.tensorboard
        let directory = "\(request.out)/\(loaded.stem)"
        let report = try ReportStage.write(notebook: loaded, directory: directory, tasks: request.shards,
                                           replayingRounds: true) { records, missing in
            previousContext(request, directory: directory, records: records, incomplete: !missing.isEmpty)
        }
        let document = report.proposed
        let outcome = NotebookOutcome(
            stem: document.stem, path: document.path, directory: directory,
            planned: BudgetStops.trimming(document, to: report.stops, records: report.records).variants.count,
            scheduled: 0, kept: report.records.count, shard: nil, records: report.records, leftOut: report.leftOut,
            missing: report.missing, bestWeights: report.bestWeights, problems: report.problems,
            reportError: report.writeError, interrupted: false, runFailed: false)
        let index = report.writeError == nil ? IndexOutcome.refresh(directory: request.out)
            : IndexOutcome(path: "\(request.out)/README.md", listed: 0)
        return Outcome(notebook: outcome, index: index)
    }

    /// The sweep's facts come from the last full report when there is one (the wall time and jobs
    /// of the run that produced the records); otherwise they are estimated from the records.
    static func previousContext(_ request: Request, directory: String, records: [RunRecord],
                                incomplete: Bool) -> ReportContext {
        var command = "gradbook run \(request.notebook)" + (request.out == "reports" ? "" : " --out \(request.out)")
        var jobs = 1
        var wallSeconds = records.map(\.seconds).reduce(0, +)
        var date = records.map(\.finishedAt).max() ?? ISO8601DateFormatter().string(from: Date())
        // A merged shard report must not inherit the last shard's own command and wall time: the
        // whole sweep reproduces with a plain local run (results are identical bit for bit).
        if request.shards == nil, let previous = try? ResultsFile.loadHeader(path: "\(directory)/results.json") {
            command = previous.run.command
            jobs = previous.run.jobs
            wallSeconds = previous.run.wallSeconds
            date = previous.run.date
        }
        return ReportContext(command: command, jobs: jobs, cores: ProcessInfo.processInfo.activeProcessorCount,
                             wallSeconds: wallSeconds, date: date, incomplete: incomplete)
    }
}
