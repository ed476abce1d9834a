import Records
import Core
import Notebook
import Testing
@testable import Runner

/// The array tasks of a generated sweep cover the plan: task k of `--array=1-N` runs shard k/N,
/// every variant belongs to exactly one task, tasks carry about equal cost, and the outcome of a
/// sweep names the task that owns each missing run.
@Suite struct SlurmShardPlanTests {
    /// A width x learning-rate x seed grid: costs spread over two orders of magnitude, with ties.
    static let plan: [Variant] = {
        var variants: [Variant] = []
        for (width, cost) in [(16, 1.0), (64, 4.5), (256, 37.0)] {
            for rate in [0.001, 0.01, 0.1] {
                for seed in 1...3 {
                    var config = RunConfig()
                    config.model.hidden = [width]
                    config.training.learningRate = rate
                    config.training.seed = seed
                    let id = "w\(width)-lr\(rate)-s\(seed)"
                    variants.append(Variant(
                        id: id, experiment: "grid", label: id, seed: seed,
                        parameters: [SweptValue(name: "model.hidden", value: .list([.int(width)])),
                                     SweptValue(name: "training.learning_rate", value: .double(rate))],
                        config: config, resolved: .map([ConfigEntry(key: "id", value: .string(id))]), cost: cost))
                }
            }
        }
        return variants
    }()

    /// The task ids `--array=1-N` of the generated script declares.
    func arrayTaskIDs(_ script: String) throws -> ClosedRange<Int> {
        let line = try #require(script.split(separator: "\n").first { $0.hasPrefix("#SBATCH --array=") })
        let bounds = line.dropFirst("#SBATCH --array=".count).split(separator: "-").compactMap { Int($0) }
        try #require(bounds.count == 2)
        return bounds[0]...bounds[1]
    }

    @Test(arguments: [1, 2, 3, 5, 8, 27])
    func arrayTasksCoverThePlanOnceAndBalanced(tasks: Int) throws {
        let layout = SlurmSweepLayout(executable: "/bin/gradbook", notebook: "/n/grid.yaml", outputRoot: "/out", stem: "grid")
        let script = SlurmScripts(layout: layout, resources: SlurmResources(tasks: tasks)).sweep
        let ids = try arrayTaskIDs(script)
        #expect(ids == 1...tasks)
        #expect(script.contains("--shard \"${SLURM_ARRAY_TASK_ID}/\(tasks)\""))

        var owner: [String: Int] = [:]
        var loads: [Double] = []
        for task in ids {
            let shard = try #require(Shard(parsing: "\(task)/\(tasks)"))
            let mine = ShardPlanner.variants(of: shard, in: Self.plan)
            for variant in mine {
                #expect(owner[variant.id] == nil, "\(variant.id) is in tasks \(owner[variant.id] ?? 0) and \(task)")
                owner[variant.id] = task
            }
            loads.append(mine.reduce(0) { $0 + $1.cost })
        }
        #expect(Set(owner.keys) == Set(Self.plan.map(\.id)))
        let largest = Self.plan.map(\.cost).max() ?? 0
        #expect((loads.max() ?? 0) - (loads.min() ?? 0) <= largest, "loads \(loads)")
    }

    @Test func everyTaskComputesTheSamePartition() {
        // Each array task plans on its own: the split must not depend on the order variants come in.
        let forward = ShardPlanner.partition(Self.plan, count: 4).map { $0.map(\.id) }
        let reversed = ShardPlanner.partition(Self.plan.reversed(), count: 4).map { $0.map(\.id) }
        #expect(forward == reversed)
    }

    @Test func outcomeNamesTheTaskOfEveryMissingRun() {
        let shards = ShardPlanner.partition(Self.plan, count: 3)
        // Task 1 finished everything, task 2 lost its last two runs (one failed), task 3 never ran.
        var records = shards[0].map { record($0, status: .ok) }
        records += shards[1].dropLast(2).map { record($0, status: .early_stopped) }
        records.append(record(shards[1][shards[1].count - 1], status: .failed))
        let outcome = SlurmSweepOutcome(variants: Self.plan, tasks: 3, records: records)
        #expect(outcome.planned == 27)
        #expect(outcome.finished == shards[0].count + shards[1].count - 2)
        #expect(outcome.missingByTask == [2: 2, 3: shards[2].count])
        #expect(outcome.missingSummary == "task 2: 2, task 3: \(shards[2].count)")
        #expect(!outcome.isComplete)

        let all = Self.plan.map { record($0, status: .diverged) }
        #expect(SlurmSweepOutcome(variants: Self.plan, tasks: 3, records: all).isComplete)
    }

    /// The runs of a search the tasks share (rounds, bands) belong to no task: they are counted apart.
    @Test func missingRunsOfASharedSearchBelongToNoTask() {
        var variants = Self.plan
        for index in variants.indices.suffix(9) { variants[index].experiment = "search" }
        let records = variants.prefix(9).map { record($0, status: .ok) }
        let outcome = SlurmSweepOutcome(variants: variants, tasks: 3, records: records, shared: ["search"])
        #expect(outcome.missing == 18)
        #expect(outcome.missingShared == 9)
        #expect(outcome.missingByTask.values.reduce(0, +) == 9)
        #expect(outcome.missingSummary.hasSuffix(", shared search (any task): 9"), "\(outcome.missingSummary)")
    }

    func record(_ variant: Variant, status: RunStatus) -> RunRecord {
        RunRecord(gradbookVersion: GradbookVersion.current, experiment: variant.experiment, variant: variant.id,
                  label: variant.label, seed: variant.seed, parameters: [:], config: variant.resolved,
                  status: status, epochs: [], finalMetrics: [:], seconds: 0.1, finishedAt: "2026-11-29T05:00:00Z")
    }
}
