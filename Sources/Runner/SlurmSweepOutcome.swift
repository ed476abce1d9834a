import Core
import Notebook
import Records

/// How far a sharded sweep got: which planned runs have a finished record, and which array task
/// owns each missing one (so the user knows which log to open and what a resubmission will redo).
public struct SlurmSweepOutcome: Sendable, Hashable {
    public var planned: Int
    public var finished: Int
    /// Array task (1-based shard index) -> its planned runs without a finished record.
    public var missingByTask: [Int: Int]
    /// Missing runs of searches the tasks share (`Experiment.isSharedAcrossTasks`): no task owns them.
    public var missingShared = 0

    public var missing: Int { planned - finished }
    public var isComplete: Bool { missing == 0 }

    /// Compares the plan, split as `ShardPlanner` splits it over `tasks`, with the records on disk.
    /// Failed and timed-out records count as missing: a resubmission runs them again. Runs of the
    /// `shared` experiments belong to no one task.
    public init(variants: [Variant], tasks: Int, records: [RunRecord], shared: Set<String> = []) {
        let finishedKeys = Set(records.filter(\.status.isFinished).map(RunKey.init))
        let owners = ShardPlanner.owners(of: variants, count: tasks)
        planned = variants.count
        finished = 0
        missingByTask = [:]
        for variant in variants {
            if finishedKeys.contains(RunKey(variant)) {
                finished += 1
            } else if shared.contains(variant.experiment) {
                missingShared += 1
            } else if let task = owners[RunKey(variant)] {
                missingByTask[task, default: 0] += 1
            }
        }
    }

    /// `task 2: 3, task 3: 1, shared search: 4`: where the missing runs belong.
    public var missingSummary: String {
        let owned = missingByTask.keys.sorted().map { "task \($0): \(missingByTask[$0] ?? 0)" }
        return (owned + (missingShared > 0 ? ["shared search (any task): \(missingShared)"] : [])).joined(separator: ", ")
    }
}
