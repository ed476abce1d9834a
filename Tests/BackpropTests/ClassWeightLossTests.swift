import Core
import Foundation
import Testing
@testable import Backprop

/// `balanced` class weights on a case small enough to work by hand: a linear softmax model whose
/// weights are 0 and whose biases are [0, ln 3], so every sample sees p = [1/4, 3/4], on labels
/// [0, 0, 0, 1] (three of class 0, one of class 1).
struct ClassWeightLossTests {
    static let labels: [Int32] = [0, 0, 0, 1]
    static let data = LabeledData(inputs: Matrix(rows: 4, columns: 1, storage: [0.3, -1.2, 0.8, 2.0]),
                                  targets: .classes(labels: labels, classCount: 2))

    static func network(weights: [Double]?) -> Network {
        let spec = NetworkSpec(inputSize: 1, hidden: [], outputSize: 2, activation: .relu, head: .softmax,
                               loss: LossSpec(classWeights: weights))
        // Layout of the one linear layer: weight [2, 1], then bias [2].
        return Network(spec: spec, parameters: [0, 0, 0, Float(log(3.0))])
    }

    @Test func balancedWeightsFollowScikitLearn() {
        // n / (classes * count) = 4 / (2 * 3) and 4 / (2 * 1).
        let weights = ClassWeighting.balanced.weights(names: ["a", "b"], counts: [3, 1])!
        #expect(abs(weights[0] - 2.0 / 3) < 1e-15 && weights[1] == 2)
        #expect(ClassWeighting.none.weights(names: ["a", "b"], counts: [3, 1]) == nil)
        // Classes a mapping leaves out weigh 1.
        let given = ClassWeighting.classes([.init(label: "b", weight: 4)]).weights(names: ["a", "b"], counts: [3, 1])
        #expect(given == [1, 4])
    }

    @Test func balancedLossIsTheWeightedMeanWorkedByHand() {
        let weights = ClassWeighting.balanced.weights(names: ["a", "b"], counts: [3, 1])!
        var network = Self.network(weights: weights)
        let loss = network.backward(inputs: Self.data.inputs, targets: Self.data.targets)
        // [3 (2/3) ln 4 + 2 ln (4/3)] / (3 (2/3) + 2) = ln(16/3) / 2.
        let byHand = log(16.0 / 3) / 2
        #expect(abs(loss - byHand) < 1e-6, "\(loss) vs \(byHand)")
        // d/d b_1 = sum_j w_j (p_1 - y_j1) / sum_j w_j = [2 (3/4) + 2 (3/4 - 1)] / 4 = 1/4, and -1/4 for b_0.
        #expect(abs(Double(network.gradients[3]) - 0.25) < 1e-6 && abs(Double(network.gradients[2]) + 0.25) < 1e-6,
                "\(network.gradients)")
        // The weight gradients are the same sums times each input.
        let inputs = [0.3, -1.2, 0.8, 2.0], w = [2.0 / 3, 2.0 / 3, 2.0 / 3, 2.0], y1 = [0.0, 0, 0, 1]
        let weightGradient = zip(zip(inputs, w), y1).map { pair, y in pair.1 * (0.75 - y) * pair.0 }.reduce(0, +) / 4
        #expect(abs(Double(network.gradients[1]) - weightGradient) < 1e-6)

        let metrics = network.evaluate(Self.data)
        #expect(abs(metrics["loss"]! - byHand) < 1e-6)
        // Unweighted cross-entropy and accuracy are unchanged by weights; every sample is predicted 1.
        #expect(abs(metrics["cross_entropy"]! - (3 * log(4.0) + log(4.0 / 3)) / 4) < 1e-6)
        #expect(metrics["accuracy"] == 0.25)
        #expect(metrics["balanced_accuracy"] == 0.5)
    }

    @Test func unweightedLossIsThePlainMean() {
        var network = Self.network(weights: nil)
        let loss = network.backward(inputs: Self.data.inputs, targets: Self.data.targets)
        #expect(abs(loss - (3 * log(4.0) + log(4.0 / 3)) / 4) < 1e-6)
    }

    @Test func uniformWeightsGiveTheUnweightedBits() {
        // w = 1 for every class divides by n: the weighted path agrees with the plain one.
        var weighted = Self.network(weights: [1, 1]), plain = Self.network(weights: nil)
        let a = weighted.backward(inputs: Self.data.inputs, targets: Self.data.targets)
        let b = plain.backward(inputs: Self.data.inputs, targets: Self.data.targets)
        #expect(abs(a - b) < 1e-7)
        #expect(zip(weighted.gradients, plain.gradients).allSatisfy { abs($0 - $1) < 1e-7 })
    }

    @Test func recallPerClassAndBalancedAccuracyInFinalMetrics() {
        // Trained briefly, the final metrics name every class's recall by index (the runner names them).
        let spec = NetworkSpec(inputSize: 1, hidden: [], outputSize: 2, activation: .relu, head: .softmax)
        let result = Trainer.train(network: spec, training: TrainingSpec(learningRate: 0.01, batchSize: 4, epochs: 1),
                                   data: Self.data, validation: Self.data)
        let recalls = [result.finalMetrics["val_recall[0]"], result.finalMetrics["val_recall[1]"]]
        #expect(recalls.allSatisfy { $0 != nil })
        let mean = (recalls[0]! + recalls[1]!) / 2
        #expect(result.finalMetrics["val_balanced_accuracy"] == mean)
        #expect(result.epochs[0].metrics["val_balanced_accuracy"] != nil)
        #expect(result.epochs[0].metrics["val_recall[0]"] == nil)
    }
}
