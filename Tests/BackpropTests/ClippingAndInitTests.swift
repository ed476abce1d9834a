import Testing
import Backprop
import Core

struct ClippingAndInitTests {
    /// One full-batch SGD step with lr 1 and clipNorm 0.01 moves the parameters by exactly the
    /// clipped gradient: a step of global norm 0.01 (torch's clip_grad_norm_ factor
    /// 0.01 / (norm + 1e-6)) in the gradient's direction.
    @Test func clippingScalesTheGlobalGradientNorm() {
        let data = TrainerTests.xor
        let spec = NetworkSpec(inputSize: 2, hidden: [5], outputSize: 2, activation: .tanh, head: .softmax)
        var initial = Network(spec: spec, seed: 4)
        initial.backward(inputs: data.inputs, targets: data.targets)
        let gradientNorm = initial.gradients.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
        #expect(gradientNorm > 0.02, "the test needs clipping to be active")
        let training = TrainingSpec(optimizer: .sgd, learningRate: 1, clipNorm: 0.01, batchSize: 4, epochs: 1, seed: 4)
        let result = Trainer.train(network: spec, training: training, data: data, validation: nil)
        let step = zip(result.network.parameters, initial.parameters).map { Double($0) - Double($1) }
        let stepNorm = step.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(abs(stepNorm - 0.01) < 1e-6, "step norm \(stepNorm)")
        // Direction: the step is -gradient scaled.
        let scale = 0.01 / (gradientNorm + 1e-6)
        for (change, gradient) in zip(step, initial.gradients) {
            #expect(abs(change + scale * Double(gradient)) < 1e-7)
        }
    }

    /// Weight spread of each scheme on a 256 x 256 layer (65536 draws: the sample standard
    /// deviation is within 1% of the true one with overwhelming probability); biases are zero.
    @Test(arguments: [(InitScheme.he, (2.0 / 256).squareRoot()), (.glorot, (2.0 / 512).squareRoot()), (.lecun, (1.0 / 256).squareRoot())])
    func initialisationHasTheSchemesStandardDeviation(scheme: InitScheme, expected: Double) {
        let spec = NetworkSpec(inputSize: 256, hidden: [], outputSize: 256, activation: .relu, head: .linear, initScheme: scheme)
        let network = Network(spec: spec, seed: 8)
        let weights = network.weights(layer: 0).storage.map(Double.init)
        let mean = weights.reduce(0, +) / Double(weights.count)
        let std = (weights.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(weights.count)).squareRoot()
        #expect(abs(std / expected - 1) < 0.02, "\(scheme): std \(std), expected \(expected)")
        #expect(abs(mean) < 0.02 * expected)
        #expect(network.bias(layer: 0).allSatisfy { $0 == 0 })
        if scheme == .glorot {
            let limit = (6.0 / 512).squareRoot()
            #expect(weights.allSatisfy { abs($0) <= limit }, "Glorot is uniform within +-sqrt(6 / (in + out))")
        }
    }

    @Test func automaticInitIsHeForReluLikeAndGlorotOtherwise() {
        #expect(NetworkSpec(inputSize: 1, hidden: [], outputSize: 1, activation: .gelu, head: .linear).initScheme == .he)
        #expect(NetworkSpec(inputSize: 1, hidden: [], outputSize: 1, activation: .tanh, head: .linear).initScheme == .glorot)
    }
}
