import Testing
@testable import Backprop
import Core

struct LayerStatisticsTests {
    static func data(count: Int, features: Int, seed: UInt64) -> LabeledData {
        var generator = SeededGenerator(seed: seed)
        let inputs = Matrix(rows: count, columns: features, storage: (0..<(count * features)).map { _ in Float(generator.nextGaussian()) })
        let labels = (0..<count).map { _ in Int32(generator.nextInt(below: 3)) }
        return LabeledData(inputs: inputs, targets: .classes(labels: labels, classCount: 3))
    }

    /// One full-batch SGD step: the recorded statistics equal those computed directly from the
    /// gradient of `Network.backward` at the initial weights and the resulting weights.
    @Test func recordedStatisticsMatchADirectComputation() {
        let data = Self.data(count: 12, features: 4, seed: 1)
        let spec = NetworkSpec(inputSize: 4, hidden: [5], outputSize: 3, activation: .tanh, head: .softmax)
        let training = TrainingSpec(optimizer: .sgd, learningRate: 0.5, batchSize: 12, epochs: 1, seed: 9)
        let result = Trainer.train(network: spec, training: training, data: data, validation: nil)
        var initial = Network(spec: spec, seed: 9)
        initial.backward(inputs: data.inputs, targets: data.targets)
        func rms(_ values: [Float]) -> Double { (values.reduce(0) { $0 + Double($1) * Double($1) } / Double(values.count)).squareRoot() }
        let layers = result.epochs[0].layers
        #expect(layers.count == 2)
        for layer in 0..<2 {
            let gradient = initial.weightGradients(layer: layer).storage
            let weights = result.network.weights(layer: layer).storage
            let update = zip(weights, initial.weights(layer: layer).storage).map { $0 - $1 }
            let expected = LayerStatistics(gradientRMS: rms(gradient), weightRMS: rms(weights), updateRatio: rms(update) / rms(weights))
            #expect(abs(layers[layer].gradientRMS - expected.gradientRMS) <= 1e-5 * expected.gradientRMS, "layer \(layer): \(layers[layer]) vs \(expected)")
            #expect(abs(layers[layer].weightRMS - expected.weightRMS) <= 1e-6 * expected.weightRMS)
            #expect(abs(layers[layer].updateRatio - expected.updateRatio) <= 1e-4 * expected.updateRatio)
            #expect(abs(expected.updateRatio - 0.5 * expected.gradientRMS / expected.weightRMS) <= 1e-4 * expected.updateRatio)
        }
    }

    /// Depth 8: sigmoid's gradient shrinks by ~1/4 per layer on the way back, relu's does not.
    @Test func deepSigmoidGradientsVanishAndReluGradientsDoNot() {
        let data = Self.data(count: 32, features: 8, seed: 2)
        func ratio(_ activation: Activation) -> Double {
            let spec = NetworkSpec(inputSize: 8, hidden: Array(repeating: 16, count: 8), outputSize: 3, activation: activation, head: .softmax)
            let result = Trainer.train(network: spec, training: TrainingSpec(optimizer: .sgd, learningRate: 0.01, batchSize: 32, epochs: 1),
                                       data: data, validation: nil)
            let layers = result.epochs[0].layers
            return layers.first!.gradientRMS / layers.last!.gradientRMS
        }
        let sigmoid = ratio(.sigmoid), relu = ratio(.relu)
        #expect(sigmoid < 1e-3, "sigmoid first/last gradient RMS \(sigmoid)")
        #expect(relu > 0.05, "relu first/last gradient RMS \(relu)")
    }
}
