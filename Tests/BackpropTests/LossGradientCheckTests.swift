import Testing
@testable import Backprop
import Core

/// Every loss added after the first release x every head it pairs with x every activation, on the
/// net of `GradientCheckTests` (3 inputs, hidden [4, 3]) with the same two checks and bounds: the
/// Double reference (`ReferenceLoss`) against central differences, then the fp32 engine against
/// the reference. Huber's delta is small enough here that both of its branches are taken.
struct LossGradientCheckTests {
    struct Case: CustomStringConvertible, Sendable {
        let head: OutputHead
        let outputs: Int
        let targets: Targets
        let loss: LossSpec
        let name: String
        var description: String { name }
    }

    static let labels3 = Targets.classes(labels: [0, 2, 1, 2, 0], classCount: 3)
    static let labels2 = Targets.classes(labels: [0, 1, 1, 0, 1], classCount: 2)
    static let soft = Targets.values(Matrix(rows: 5, columns: 3, storage: [0.2, 0.5, 0.3, 1, 0, 0, 0.1, 0.1, 0.8, 0.6, 0.4, 0, 0.3, 0.3, 0.4]))
    static let real = Targets.values(Matrix(rows: 5, columns: 2, storage: [1.5, -0.3, 0.2, 2.0, -1.1, 0.4, 0.0, 0.8, 0.3, -0.6]))

    static let cases: [Case] = [
        Case(head: .softmax, outputs: 3, targets: labels3, loss: LossSpec(labelSmoothing: 0.1), name: "softmax ce smoothing 0.1"),
        Case(head: .softmax, outputs: 3, targets: soft, loss: LossSpec(labelSmoothing: 0.2), name: "softmax ce soft targets smoothing 0.2"),
        Case(head: .softmax, outputs: 3, targets: labels3, loss: LossSpec(function: .mse), name: "softmax mse"),
        Case(head: .softmax, outputs: 3, targets: labels3, loss: LossSpec(function: .huber, huberDelta: 0.3), name: "softmax huber 0.3"),
        Case(head: .softmax, outputs: 3, targets: labels3, loss: LossSpec(function: .l1), name: "softmax l1"),
        Case(head: .sigmoid, outputs: 1, targets: labels2, loss: LossSpec(labelSmoothing: 0.1), name: "binary sigmoid ce smoothing 0.1"),
        Case(head: .sigmoid, outputs: 3, targets: labels3, loss: LossSpec(labelSmoothing: 0.1), name: "one-hot sigmoid ce smoothing 0.1"),
        Case(head: .sigmoid, outputs: 1, targets: labels2, loss: LossSpec(function: .mse), name: "binary sigmoid mse"),
        Case(head: .sigmoid, outputs: 3, targets: labels3, loss: LossSpec(function: .mse), name: "one-hot sigmoid mse"),
        Case(head: .linear, outputs: 2, targets: real, loss: LossSpec(function: .huber, huberDelta: 0.5), name: "linear huber 0.5"),
        Case(head: .linear, outputs: 2, targets: real, loss: LossSpec(function: .l1), name: "linear l1"),
    ]

    @Test(arguments: Activation.allCases, cases)
    func gradientsMatchCentralDifferences(activation: Activation, testCase: Case) {
        let spec = NetworkSpec(inputSize: 3, hidden: [4, 3], outputSize: testCase.outputs, activation: activation,
                               head: testCase.head, loss: testCase.loss)
        var network = Network(spec: spec, seed: 3)
        for index in network.parameters.indices where network.parameters[index] == 0 { network.parameters[index] = 0.1 }
        let reference = ReferenceMLP(network)
        let inputs = GradientCheckTests.inputs
        let analytic = reference.gradient(inputs, testCase.targets)
        let numeric = reference.numericGradient(inputs, testCase.targets)
        let worst = zip(numeric, analytic).map { abs($0 - $1) / max(1e-3, abs($0)) }.max()!
        #expect(worst < 1e-5, "reference vs central differences: worst relative error \(worst)")

        let matrix = Matrix(rows: 5, columns: 3, storage: inputs.flatMap { $0.map(Float.init) })
        let loss = network.backward(inputs: matrix, targets: testCase.targets)
        let referenceLoss = reference.loss(inputs, testCase.targets)
        #expect(abs(loss - referenceLoss) <= 1e-5 * max(1, abs(referenceLoss)), "loss \(loss) vs reference \(referenceLoss)")
        let scale = analytic.map(abs).max()!
        let engineError = zip(network.gradients, analytic).map { abs(Double($0) - $1) }.max()! / scale
        #expect(engineError < 2e-4, "engine vs reference gradient: error \(engineError) of the largest entry")
    }

    /// Without smoothing, the smoothed kernels' arithmetic must not leak into the first release's
    /// paths: the default spec and an explicit `cross_entropy` give the same bits.
    @Test func explicitCrossEntropyIsTheDefaultBitForBit() {
        for (head, outputs, targets) in [(OutputHead.softmax, 3, Self.labels3), (.sigmoid, 1, Self.labels2), (.sigmoid, 3, Self.labels3)] {
            let plain = NetworkSpec(inputSize: 3, hidden: [4], outputSize: outputs, activation: .tanh, head: head)
            var explicit = plain
            explicit.loss = LossSpec(function: .cross_entropy)
            var a = Network(spec: plain, seed: 5), b = Network(spec: explicit, seed: 5)
            let matrix = Matrix(rows: 5, columns: 3, storage: GradientCheckTests.inputs.flatMap { $0.map(Float.init) })
            #expect(a.backward(inputs: matrix, targets: targets) == b.backward(inputs: matrix, targets: targets))
            #expect(a.gradients == b.gradients)
        }
    }
}
