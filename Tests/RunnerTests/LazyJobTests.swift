import Core
import Notebook
import Records
@testable import Runner
import Testing

/// A plan's runs make their worker job when asked (at dispatch), so a schedule of 100,000 runs
/// holds no job for the runs still waiting: the job made must be the one the plan always sent.
struct LazyJobTests {
    let store = RunRecordStore(directory: "/tmp/out/sweep")

    @Test func aPlannedRunsJobIsItsVariantsJobBesideItsRecord() {
        var variant = TestVariants.variant("abc123", cost: 1)
        variant.config.training.save = .best
        let run = ScheduledRun(variant: variant, store: store, timeoutSeconds: 5)
        let expected = WorkerJob(experiment: "grid", variant: "abc123", label: "v=abc123", seed: 1, config: variant.config,
                                 weightsPath: "/tmp/out/sweep/runs/grid/abc123.safetensors",
                                 checkpointPath: "/tmp/out/sweep/runs/grid/.abc123.checkpoint")
        #expect(run.job == expected)
        #expect(run.timeoutSeconds == 5)
        variant.config.training.save = .none
        #expect(ScheduledRun(variant: variant, store: store, timeoutSeconds: nil).job.weightsPath == nil)
    }

    @Test func aChangedJobStaysChangedAndCopiesKeepTheirs() {
        let planned = ScheduledRun(variant: TestVariants.variant("abc123", cost: 1), store: store, timeoutSeconds: nil)
        var dispatched = planned
        dispatched.job.threads = 2
        dispatched.job.pauseAfterEpoch = 3
        #expect(dispatched.job.threads == 2)
        #expect(dispatched.job.pauseAfterEpoch == 3)
        #expect(planned.job.threads == nil)
        #expect(planned.job.pauseAfterEpoch == nil)
        #expect(dispatched.job.checkpointPath == planned.job.checkpointPath)
    }
}
