import Records
import Backprop
import Core
import Notebook
@testable import Runner
import Testing

struct WorkerProtocolTests {
    @Test func jobsAndMessagesSurviveTheWire() throws {
        var config = RunConfig()
        config.training.learningRate = 0.0123
        config.model.hidden = [32, 16]
        let job = WorkerJob(experiment: "grid", variant: "a1b2", label: "lr=0.0123", seed: 3, config: config,
                            weightsPath: "/tmp/x/a1b2.safetensors")
        let line = try WorkerWire.encode(job)
        #expect(line.last == 0x0A)
        #expect(!line.dropLast().contains(0x0A), "one job is one line")
        #expect(try WorkerWire.decode(WorkerJob.self, from: Array(line.dropLast())) == job)

        let epoch = EpochRecord(epoch: 4, learningRate: 0.01, metrics: ["train_loss": .nan, "val_accuracy": 0.5],
                               layers: [LayerStatistics(gradientRMS: 1, weightRMS: 2, updateRatio: 3)])
        let progress = try WorkerWire.decode(WorkerMessage.self, from: Array(try WorkerWire.encode(WorkerMessage.epoch(epoch, of: 9, variant: "a1b2")).dropLast()))
        #expect(progress.kind == .epoch && progress.totalEpochs == 9)
        #expect(progress.epoch?.metrics["train_loss"]?.isNaN == true)
    }

    @Test func engineOutcomesBecomeStatuses() {
        let network = Network(spec: NetworkSpec(inputSize: 2, hidden: [3], outputSize: 1, activation: .relu, head: .sigmoid), seed: 1)
        let epochs = [0.6, 0.8, 0.7].enumerated().map { index, accuracy in
            EpochRecord(epoch: index + 1, learningRate: 0.1, metrics: ["val_accuracy": accuracy, "val_loss": 1 - accuracy],
                        layers: [LayerStatistics(gradientRMS: 0.1, weightRMS: 1, updateRatio: 0.01)])
        }
        let metric = RunConfig.Metric()
        let completed = RunOutcome(TrainingResult(outcome: .completed, epochs: epochs, finalMetrics: ["val_accuracy": 0.7], network: network),
                                   metric: metric, seconds: 1.5, weightsFile: nil)
        #expect(completed.status == .ok && completed.bestEpoch == 2 && completed.epochs.count == 3)
        #expect(completed.epochs[0].layers == [LayerStatistics(gradientRMS: 0.1, weightRMS: 1, updateRatio: 0.01)])
        let stopped = RunOutcome(TrainingResult(outcome: .earlyStopped(bestEpoch: 2), epochs: epochs, finalMetrics: [:], network: network),
                                 metric: metric, seconds: 1, weightsFile: nil)
        #expect(stopped.status == .early_stopped && stopped.bestEpoch == 2)
        let diverged = RunOutcome(TrainingResult(outcome: .diverged(epoch: 3, reason: "loss is nan"), epochs: epochs, finalMetrics: [:], network: network),
                                  metric: metric, seconds: 1, weightsFile: nil)
        #expect(diverged.status == .diverged && diverged.divergedEpoch == 3 && diverged.reason == "loss is nan")
        let lossMetric = RunConfig.Metric(name: "val_loss", goal: .minimize)
        #expect(RunOutcome.bestEpoch(of: completed.epochs, metric: lossMetric.name, goal: lossMetric.goal) == 2)
    }

    @Test func recordsCarryVariantIdentity() {
        let variant = TestVariants.variant("feed01", cost: 3)
        let record = RunRecord(variant: variant, outcome: RunOutcome(status: .timed_out, reason: "slow"), shard: Shard(index: 2, count: 3))
        #expect(record.variant == "feed01" && record.experiment == "grid" && record.shard == "2/3")
        #expect(record.status == .timed_out && record.parameters["model.hidden"] == .list([.int(4)]))
        #expect(record.config == variant.resolved && record.gradbookVersion == GradbookVersion.current)
    }

    @Test func bestWeightsPickTheBestFinishedRunWithTiesToSmallerId() {
        let metric = RunConfig.Metric()
        let records = [
            TestVariants.record("b", metrics: ["val_accuracy": 0.9], weights: "b.safetensors"),
            TestVariants.record("a", metrics: ["val_accuracy": 0.9], weights: "a.safetensors"),
            TestVariants.record("c", status: .failed, metrics: ["val_accuracy": 0.99], weights: "c.safetensors"),
            TestVariants.record("d", metrics: ["val_accuracy": 0.5], weights: "d.safetensors"),
        ]
        let onDisk: (RunRecord) -> Bool = { $0.weightsFile != nil }
        #expect(BestWeights.best(of: records, metric: metric, hasWeights: onDisk)?.variant == "a")
        #expect(BestWeights.best(of: records, metric: RunConfig.Metric(name: "val_accuracy", goal: .minimize),
                                 hasWeights: onDisk)?.variant == "d")
        // A better run whose file is gone (displaced, or never written) does not hold the weights.
        #expect(BestWeights.best(of: records, metric: metric, hasWeights: { $0.variant != "a" })?.variant == "b")
    }
}
