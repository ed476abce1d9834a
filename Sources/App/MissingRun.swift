import Notebook
import Records
import Runner

/// A planned run without a record, and the array task (shard) that owns it when the sweep is
/// split into shards, so the user knows which log to open and what a resubmission redoes.
public struct MissingRun: Sendable {
    public var variant: Variant
    /// The owning shard k of `--shard k/N` (Slurm array task k), when the sweep is sharded.
    public var arrayTask: Int?
    /// A run of a search the tasks share (`Experiment.isSharedAcrossTasks`): no task owns it, any
    /// task still running (or a resubmission of any) takes it.
    public var isShared = false

    /// How the report names the owner.
    public var owner: String? { isShared ? Self.sharedOwner : arrayTask.map { "array task \($0)" } }

    static let sharedOwner = "any array task (shared search)"

    /// The planned variants of `notebook` without a record, in plan order; with `tasks`, each
    /// with its owner as `ShardPlanner.owners` (the one place that decides it) assigns it, or as
    /// shared when its experiment's tasks share its runs.
    public static func find(in notebook: NotebookDocument, planned: PlannedRecords, tasks: Int?) -> [MissingRun] {
        let variants = notebook.variants
        let owners = tasks.map { ShardPlanner.owners(of: variants, count: $0) } ?? [:]
        let shared = tasks == nil ? [] : notebook.experimentsSharedAcrossTasks
        return variants.filter { planned.record(of: $0) == nil }.map { variant in
            let isShared = shared.contains(variant.experiment)
            return MissingRun(variant: variant, arrayTask: isShared ? nil : owners[RunKey(variant)], isShared: isShared)
        }
    }
}
