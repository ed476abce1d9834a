import Core
import Notebook
import Records

/// What `gradbook run` (or `gradbook report`) did for one notebook, as values for the CLI to show.
public struct NotebookOutcome: Sendable {
    public var stem: String
    public var path: String
    /// The notebook's output folder (`<out>/<stem>`).
    public var directory: String
    /// Planned runs of the whole notebook.
    public var planned: Int
    /// Runs this invocation trained (or tried to) and finished runs it kept.
    public var scheduled: Int
    public var kept: Int
    /// The shard this invocation ran, if any (`--shard`).
    public var shard: String?
    /// Every record of the plan now on disk (the report's records).
    public var records: [RunRecord]
    /// Stored records that are not in the notebook's current plan (left out of the report).
    public var leftOut: Int
    public var missing: [MissingRun]
    /// Experiment name -> the run holding its `save: best` weights.
    public var bestWeights: [String: BestWeightsPointer]
    /// Warnings: unreadable records, files that could not be written or removed.
    public var problems: [String]
    /// Why the report could not be written, if it could not.
    public var reportError: String?
    /// The write that failed for want of disk (`SweepResult.writeFailure`), with what was kept:
    /// the sweep stopped and no report was written.
    public var writeFailure: String?
    public var interrupted: Bool
    /// Where a budget ended an experiment's search (the summary line says so).
    public var budgetStops: [SearchStop] = []
    /// A run of this invocation failed or timed out.
    public var runFailed: Bool

    public var reportPath: String { "\(directory)/report.md" }

    /// Records by status, in the vocabulary's order.
    public var countsByStatus: [(status: RunStatus, count: Int)] {
        let counts = Dictionary(grouping: records, by: \.status).mapValues(\.count)
        return RunStatus.allCases.compactMap { status in counts[status].map { (status, $0) } }
    }

    public var disposition: ExitDisposition {
        if interrupted { return .interrupted }
        return runFailed || reportError != nil || writeFailure != nil ? .failure : .success
    }
}
