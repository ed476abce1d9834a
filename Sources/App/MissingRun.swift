import Notebook
import Records
import Runner

/// A planned run without a record, and the array task (shard) that owns it when the sweep is
/// split into shards, so the user knows which log to open and what a resubmission redoes.
public struct MissingRun: Sendable {
    public var variant: Variant
    /// The owning shard k of `--shard k/N` (Slurm array task k), when the sweep is sharded.
    public var arrayTask: Int?

    /// How the report names the owner.
    public var owner: String? { arrayTask.map { "array task \($0)" } }

    /// The planned variants without a record, in plan order; with `tasks`, each with its owner
    /// as `ShardPlanner.owners` (the one place that decides it) assigns it.
    public static func find(in variants: [Variant], planned: PlannedRecords, tasks: Int?) -> [MissingRun] {
        let owners = tasks.map { ShardPlanner.owners(of: variants, count: $0) } ?? [:]
        return variants.filter { planned.record(of: $0) == nil }
            .map { MissingRun(variant: $0, arrayTask: owners[RunKey($0)]) }
    }
}
