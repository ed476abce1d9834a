import Testing
@testable import Backprop
import Core

/// Small end-to-end runs (tiny enough for debug builds).
struct TrainerTests {
    static let xorInputs = Matrix(rows: 4, columns: 2, storage: [0, 0, 0, 1, 1, 0, 1, 1])
    static let xor = LabeledData(inputs: xorInputs, targets: .classes(labels: [0, 1, 1, 0], classCount: 2))

    @Test(arguments: [(OutputHead.softmax, 2), (OutputHead.sigmoid, 1)])
    func learnsXOR(head: OutputHead, outputs: Int) {
        let spec = NetworkSpec(inputSize: 2, hidden: [8], outputSize: outputs, activation: .tanh, head: head)
        let training = TrainingSpec(optimizer: .adam, learningRate: 0.05, batchSize: 4, epochs: 300, seed: 3)
        let result = Trainer.train(network: spec, training: training, data: Self.xor, validation: nil)
        #expect(result.outcome == .completed)
        #expect(result.epochs.count == 300)
        #expect(result.finalMetrics["train_accuracy"] == 1, "\(result.finalMetrics)")
        #expect((result.finalMetrics["train_loss"] ?? 1) < 0.05, "\(result.finalMetrics)")
        let probabilities = result.network.predict(Self.xorInputs)
        #expect(probabilities.columns == outputs)
        let positive = outputs == 1 ? probabilities[1, 0] : probabilities[1, 1]
        #expect(positive > 0.9)
    }

    @Test func sameSeedGivesBitIdenticalCurvesAndWeights() {
        let spec = NetworkSpec(inputSize: 2, hidden: [6, 5], outputSize: 2, activation: .gelu, head: .softmax)
        let training = TrainingSpec(optimizer: .adamw, learningRate: 0.01, weightDecay: 0.01, clipNorm: 1, batchSize: 3, epochs: 5, seed: 11)
        let first = Trainer.train(network: spec, training: training, data: Self.xor, validation: Self.xor)
        let second = Trainer.train(network: spec, training: training, data: Self.xor, validation: Self.xor)
        #expect(first.epochs == second.epochs)
        #expect(first.network.parameters == second.network.parameters)
        var other = training
        other.seed = 12
        let third = Trainer.train(network: spec, training: other, data: Self.xor, validation: Self.xor)
        #expect(third.network.parameters != first.network.parameters)
    }

    @Test func earlyStoppingRestoresTheBestEpoch() {
        // Validation labels are the opposite of the training labels: as training fits, val_loss rises.
        let flipped = LabeledData(inputs: Self.xorInputs, targets: .classes(labels: [1, 0, 0, 1], classCount: 2))
        let spec = NetworkSpec(inputSize: 2, hidden: [8], outputSize: 2, activation: .tanh, head: .softmax)
        let training = TrainingSpec(optimizer: .adam, learningRate: 0.05, batchSize: 4, epochs: 200,
                                    earlyStopping: EarlyStoppingSpec(patience: 3, minDelta: 0, restoreBest: true), seed: 3)
        let result = Trainer.train(network: spec, training: training, data: Self.xor, validation: flipped)
        guard case .earlyStopped(let best) = result.outcome else {
            Issue.record("expected early stopping, got \(result.outcome)")
            return
        }
        #expect(result.epochs.count == best + 3)
        let bestLoss = result.epochs[best - 1].metrics["val_loss"]!
        #expect(result.epochs.allSatisfy { $0.metrics["val_loss"]! >= bestLoss })
        #expect(result.finalMetrics["val_loss"] == bestLoss, "restored weights give the best epoch's val_loss")
    }

    @Test func earlyStoppingWithoutValidationWatchesTrainLoss() {
        let spec = NetworkSpec(inputSize: 2, hidden: [4], outputSize: 2, activation: .relu, head: .softmax)
        // A learning rate of 0 never improves the training loss after the first epoch.
        let training = TrainingSpec(optimizer: .sgd, learningRate: 0, batchSize: 4, epochs: 50,
                                    earlyStopping: EarlyStoppingSpec(patience: 2, minDelta: 1e-3, restoreBest: false))
        let result = Trainer.train(network: spec, training: training, data: Self.xor, validation: nil)
        #expect(result.outcome == .earlyStopped(bestEpoch: 1))
        #expect(result.epochs.count == 3)
    }

    @Test func anExplodingRunIsReportedAsDiverged() {
        let inputs = Matrix(rows: 8, columns: 1, storage: (0..<8).map { Float($0) })
        let targets = Matrix(rows: 8, columns: 1, storage: (0..<8).map { Float(3 * $0) })
        let data = LabeledData(inputs: inputs, targets: .values(targets))
        let spec = NetworkSpec(inputSize: 1, hidden: [4], outputSize: 1, activation: .relu, head: .linear)
        let training = TrainingSpec(optimizer: .sgd, learningRate: 10, batchSize: 8, epochs: 50)
        var seen: [Int] = []
        let result = Trainer.train(network: spec, training: training, data: data, validation: nil) { seen.append($0.epoch); return true }
        guard case .diverged(let epoch, let reason) = result.outcome else {
            Issue.record("expected divergence, got \(result.outcome)")
            return
        }
        #expect(epoch == result.epochs.count && epoch < 50)
        #expect(!reason.isEmpty)
        #expect(seen.last == epoch, "the diverged epoch is reported to onEpoch")
        #expect(result.finalMetrics.values.allSatisfy { $0.isFinite })
    }

    @Test func divergenceRule() {
        #expect(DivergenceRule.reason(loss: .nan, firstLoss: 1) != nil)
        #expect(DivergenceRule.reason(loss: .infinity, firstLoss: nil) != nil)
        #expect(DivergenceRule.reason(loss: 2e4, firstLoss: 10) != nil)
        #expect(DivergenceRule.reason(loss: 2e4, firstLoss: 100) == nil, "only 200x the first loss")
        #expect(DivergenceRule.reason(loss: 5e3, firstLoss: 1) == nil, "below the absolute floor")
        #expect(DivergenceRule.reason(loss: .nan, firstLoss: 1) == "training loss became NaN")
        #expect(DivergenceRule.reason(loss: 98300.27976953669, firstLoss: 1.6279159674889851)
                == "training loss 98300 exceeds 1000x the first epoch's 1.628")
        #expect(DivergenceRule.reason(loss: 7.895726328499626e+28, firstLoss: 155739976265550.3)
                == "training loss 7.896e28 exceeds 1000x the first epoch's 1.557e14")
    }

    @Test func onEpochReturningFalseStopsTraining() {
        let spec = NetworkSpec(inputSize: 2, hidden: [4], outputSize: 2, activation: .relu, head: .softmax)
        let result = Trainer.train(network: spec, training: TrainingSpec(batchSize: 2, epochs: 10), data: Self.xor,
                                   validation: nil) { $0.epoch < 2 }
        #expect(result.outcome == .completed)
        #expect(result.epochs.map(\.epoch) == [1, 2])
    }

    @Test func regressionReportsMSEMAEAndR2OnEverySplit() {
        var generator = SeededGenerator(seed: 5)
        let xs = (0..<64).map { _ in Float(generator.nextDouble() * 2 - 1) }
        let data = LabeledData(inputs: Matrix(rows: 64, columns: 1, storage: xs),
                               targets: .values(Matrix(rows: 64, columns: 1, storage: xs.map { 2 * $0 + 1 })))
        let spec = NetworkSpec(inputSize: 1, hidden: [], outputSize: 1, activation: .identity, head: .linear)
        let training = TrainingSpec(optimizer: .adam, learningRate: 0.05, batchSize: 16, epochs: 60)
        let result = Trainer.train(network: spec, training: training, data: data, validation: data, test: data)
        for name in ["train_loss", "train_mse", "train_mae", "train_r2", "val_loss", "val_mse", "val_mae", "val_r2"] {
            #expect(result.epochs.last!.metrics[name] != nil, "epoch metric \(name)")
        }
        for name in ["train_r2", "val_r2", "test_r2", "test_mse", "test_mae", "test_loss"] {
            #expect(result.finalMetrics[name] != nil, "final metric \(name)")
        }
        #expect(result.finalMetrics["test_r2"]! > 0.999, "\(result.finalMetrics)")
        #expect(result.finalMetrics["test_mse"] == result.finalMetrics["test_loss"])
        #expect(abs(result.network.weights(layer: 0)[0, 0] - 2) < 0.05)
        #expect(abs(result.network.bias(layer: 0)[0] - 1) < 0.05)
    }
}
