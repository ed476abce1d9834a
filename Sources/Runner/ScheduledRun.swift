import Core
import Foundation
import Notebook
import Records
import Search

/// One variant to train in this invocation, with the job its worker receives.
///
/// A plan's job is made when it is first asked for (in practice when its run is dispatched), so
/// a schedule of 100,000 runs holds no job (~0.3 kB with its paths) for the runs still waiting.
public struct ScheduledRun: Sendable {
    public var variant: Variant
    public var job: WorkerJob {
        get {
            switch source {
            case .given(let box): box.job
            case .planned(let store): Self.job(of: variant, in: store)
            }
        }
        set { source = .given(JobBox(newValue)) }
    }
    /// The wall-clock limit for this run (`--timeout`, else `training.timeout`), if any.
    public var timeoutSeconds: Double?
    private var source: JobSource

    public init(variant: Variant, job: WorkerJob, timeoutSeconds: Double?) {
        self.variant = variant
        self.source = .given(JobBox(job))
        self.timeoutSeconds = timeoutSeconds
    }

    /// The run of `variant` whose job is the plan's, made from the variant and `store` when asked.
    init(variant: Variant, store: RunRecordStore, timeoutSeconds: Double?) {
        self.variant = variant
        self.source = .planned(store)
        self.timeoutSeconds = timeoutSeconds
    }

    /// The job a plan gives `variant`: its weights and checkpoint beside its record.
    static func job(of variant: Variant, in store: RunRecordStore) -> WorkerJob {
        let save = variant.config.training.save
        let weightsPath = save == .none ? nil : store.weightsPath(experiment: variant.experiment, variant: variant.id)
        var job = WorkerJob(experiment: variant.experiment, variant: variant.id, label: variant.label,
                            seed: variant.seed, config: variant.config, weightsPath: weightsPath,
                            checkpointPath: store.checkpointPath(experiment: variant.experiment, variant: variant.id))
        // One configuration in memory for the variant and its job.
        job.$config = variant.sharedConfig
        return job
    }

    var displayName: String { "\(variant.experiment)/\(variant.label)" }

    private enum JobSource: Sendable {
        /// Set: the job as given (or as changed since).
        case given(JobBox)
        /// Not made yet: the plan's job for this store.
        case planned(RunRecordStore)
    }

    /// Immutable: setting `job` replaces the box.
    private final class JobBox: Sendable {
        let job: WorkerJob
        init(_ job: WorkerJob) { self.job = job }
    }
}

extension ScheduledRun {
    /// Whether another process moved this run on past what a plan trains it to: its finished
    /// record is on the folder, or its hyperband band file is at or past the band it would pause
    /// at. `countingRecords: false` (`--force`) takes finished records for old ones to train again.
    public func movedOn(in store: RunRecordStore, countingRecords: Bool = true) -> Bool {
        let variant = self.variant
        if countingRecords, store.load(experiment: variant.experiment, variant: variant.id)?.status.isFinished == true { return true }
        // The band file first: the job (made when asked) is needed only when there is one.
        guard let band = store.loadBand(experiment: variant.experiment, variant: variant.id), let pause = job.pauseAfterEpoch else { return false }
        return band.band >= pause
    }
}

/// Which variants of a notebook this invocation trains, in scheduling order.
public struct SweepPlan: Sendable {
    /// Runs to train, most expensive first.
    public var runs: [ScheduledRun]
    /// Variants of this invocation (its shard) whose finished record is kept.
    public var kept: [RunRecord]
    /// Every variant this invocation is responsible for (its shard, or the whole notebook).
    public var responsible: [Variant]

    /// Plans `notebook` against the records already in `store`: finished runs (ok, early stopped,
    /// diverged) are kept unless `force`; failed, timed-out and missing ones run again. Runs are
    /// most expensive first, or in the notebook's proposal order under a budget (`BudgetGate`
    /// admits them in that order).
    public static func make(notebook: NotebookDocument, store: RunRecordStore, options: RunOptions,
                            existing: [RunRecord], inProposalOrder: Bool = false) -> SweepPlan {
        let all = notebook.proposedVariants
        let responsible = options.shard.map { ShardPlanner.variants(of: $0, in: all) } ?? all
        let finished = PlannedRecords(variants: responsible, records: existing.filter(\.status.isFinished))
        var runs: [ScheduledRun] = []
        var kept: [RunRecord] = []
        let mine = Set(responsible.map(RunKey.init))
        let order = inProposalOrder ? all.filter { mine.contains(RunKey($0)) } : ShardPlanner.scheduleOrder(responsible)
        for variant in order {
            if !options.force, let record = finished.record(of: variant) {
                kept.append(record)
                continue
            }
            runs.append(ScheduledRun(variant: variant, store: store,
                                     timeoutSeconds: options.timeoutSeconds ?? variant.config.training.timeoutSeconds))
        }
        return SweepPlan(runs: runs, kept: kept, responsible: responsible)
    }
}

extension RunKey {
    public init(_ variant: Variant) { self.init(experiment: variant.experiment, variant: variant.id) }
}
