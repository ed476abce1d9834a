import Testing
@testable import Backprop
import Core

/// Every activation x every head on a tiny net (3 inputs, hidden [4, 3]):
/// 1. the Double reference's analytic gradient matches central differences (h = 1e-6) to 1e-6
///    relative: this checks the math;
/// 2. the fp32 engine's gradient matches the reference's at the same parameters to 2e-4 relative
///    to the gradient's largest entry: fp32 has 24-bit mantissas (~6e-8 relative per operation) and
///    a few dozen rounded operations lie on each path, so a correct engine is within ~1e-5; a wrong
///    term (a missing factor, a transposed index) is off by O(1).
struct GradientCheckTests {
    struct Case: CustomStringConvertible, Sendable {
        let head: OutputHead
        let outputs: Int
        let targets: Targets
        let name: String
        var description: String { name }
    }

    static let inputs: [[Double]] = {
        var generator = SeededGenerator(seed: 7, stream: "gradient-check")
        return (0..<5).map { _ in (0..<3).map { _ in generator.nextGaussian() } }
    }()

    static let cases: [Case] = [
        Case(head: .softmax, outputs: 3, targets: .classes(labels: [0, 2, 1, 2, 0], classCount: 3), name: "softmax"),
        Case(head: .softmax, outputs: 3, targets: .values(Matrix(rows: 5, columns: 3, storage: [0.2, 0.5, 0.3, 1, 0, 0, 0.1, 0.1, 0.8, 0.6, 0.4, 0, 0.3, 0.3, 0.4])), name: "softmax soft targets"),
        Case(head: .sigmoid, outputs: 1, targets: .classes(labels: [0, 1, 1, 0, 1], classCount: 2), name: "binary sigmoid"),
        Case(head: .sigmoid, outputs: 3, targets: .classes(labels: [0, 2, 1, 2, 0], classCount: 3), name: "one-hot sigmoid"),
        Case(head: .sigmoid, outputs: 2, targets: .values(Matrix(rows: 5, columns: 2, storage: [0.1, 0.9, 0.5, 0.3, 1, 0, 0.2, 0.7, 0.6, 0.4])), name: "sigmoid values"),
        Case(head: .linear, outputs: 2, targets: .values(Matrix(rows: 5, columns: 2, storage: [1.5, -0.3, 0.2, 2.0, -1.1, 0.4, 0.0, 0.8, 0.3, -0.6])), name: "linear mse"),
    ]

    @Test(arguments: Activation.allCases, cases)
    func gradientsMatchCentralDifferences(activation: Activation, testCase: Case) {
        let spec = NetworkSpec(inputSize: 3, hidden: [4, 3], outputSize: testCase.outputs, activation: activation, head: testCase.head)
        var network = Network(spec: spec, seed: 3)
        // Non-zero biases so every term of the bias gradient is exercised.
        for index in network.parameters.indices where network.parameters[index] == 0 { network.parameters[index] = 0.1 }
        let reference = ReferenceMLP(network)
        let analytic = reference.gradient(Self.inputs, testCase.targets)
        let h = 1e-6
        var worst = 0.0
        for index in reference.parameters.indices {
            var plus = reference, minus = reference
            plus.parameters[index] += h
            minus.parameters[index] -= h
            let numeric = (plus.loss(Self.inputs, testCase.targets) - minus.loss(Self.inputs, testCase.targets)) / (2 * h)
            worst = max(worst, abs(numeric - analytic[index]) / max(1e-3, abs(numeric)))
        }
        #expect(worst < 1e-5, "reference vs central differences: worst relative error \(worst)")

        let inputs = Matrix(rows: 5, columns: 3, storage: Self.inputs.flatMap { $0.map(Float.init) })
        let loss = network.backward(inputs: inputs, targets: testCase.targets)
        let referenceLoss = reference.loss(Self.inputs, testCase.targets)
        #expect(abs(loss - referenceLoss) <= 1e-5 * max(1, abs(referenceLoss)), "loss \(loss) vs reference \(referenceLoss)")
        let scale = analytic.map(abs).max()!
        let engineError = zip(network.gradients, analytic).map { abs(Double($0) - $1) }.max()! / scale
        #expect(engineError < 2e-4, "engine vs reference gradient: error \(engineError) of the largest entry")
    }
}
