import Testing
import Backprop

#if DEBUG
let isOptimizedBuild = false
#else
let isOptimizedBuild = true
#endif

/// W1's configuration on the real digits: the test accuracy must be on par with scikit-learn's
/// MLPClassifier on the same split (hidden (128, 64), relu, adam lr 1e-3, batch 32, 30 epochs,
/// alpha 0): 0.9777, 0.9749, 0.9805, 0.9777, 0.9833 for random_state 0...4 (mean 0.979).
/// Release builds only (`swift test -c release --filter BackpropTests`): debug builds run the SIMD
/// loops ~300x slower.
struct DigitsConvergenceTests {
    static func split() -> (train: LabeledData, test: LabeledData) {
        let values = DigitsFixture.pixels.utf8.map { Float(Int($0) - 97) }
        let labels = DigitsFixture.labels.utf8.map { Int32($0) - 48 }
        let count = labels.count, trainCount = 1438
        var inputs = Matrix(rows: count, columns: 64, storage: values)
        // Standardise by the training rows' mean and (population) standard deviation.
        for column in 0..<64 {
            var sum = 0.0, squares = 0.0
            for row in 0..<trainCount { sum += Double(inputs[row, column]); squares += Double(inputs[row, column] * inputs[row, column]) }
            let mean = sum / Double(trainCount)
            let std = (squares / Double(trainCount) - mean * mean).squareRoot()
            for row in 0..<count { inputs[row, column] = Float((Double(inputs[row, column]) - mean) / (std > 1e-12 ? std : 1)) }
        }
        let train = LabeledData(inputs: inputs.gatherRows(0..<trainCount), targets: .classes(labels: Array(labels[0..<trainCount]), classCount: 10))
        let test = LabeledData(inputs: inputs.gatherRows(trainCount..<count), targets: .classes(labels: Array(labels[trainCount...]), classCount: 10))
        return (train, test)
    }

    @Test(.enabled(if: isOptimizedBuild, "release builds only"), arguments: [1, 2, 3] as [UInt64])
    func digitsAccuracyIsOnParWithScikitLearn(seed: UInt64) {
        let (train, test) = Self.split()
        let spec = NetworkSpec(inputSize: 64, hidden: [128, 64], outputSize: 10, activation: .relu, head: .softmax)
        let training = TrainingSpec(optimizer: .adam, learningRate: 1e-3, batchSize: 32, epochs: 30, seed: seed)
        let result = Trainer.train(network: spec, training: training, data: train, validation: test, test: test)
        let accuracy = result.finalMetrics["test_accuracy"] ?? 0
        #expect(accuracy >= 0.965, "test accuracy \(accuracy), scikit-learn's mean is 0.979")
        #expect(result.finalMetrics["train_accuracy"] == 1.0)
    }
}
