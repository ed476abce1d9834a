import Testing
@testable import Backprop
import Core

/// The hidden blocks (norm, dropout, residual) x every activation on a tiny net (3 inputs, hidden
/// [4, 4], so block 1 has a skip when `residual` is on): the fp32 engine's gradient against central
/// differences (h = 1e-6) of the Double reference's loss, to 2e-4 of the gradient's largest entry
/// (the bound of GradientCheckTests). Dropout is checked with fixed masks, drawn as the engine
/// draws them.
struct BlockGradientCheckTests {
    struct Case: CustomStringConvertible, Sendable {
        let norm: NormKind
        let dropout: [Double]
        let residual: Bool
        var description: String { "norm \(norm) dropout \(dropout) residual \(residual)" }
    }

    static let cases: [Case] = [
        Case(norm: .batch, dropout: [], residual: false),
        Case(norm: .layer, dropout: [], residual: false),
        Case(norm: .none, dropout: [], residual: true),
        Case(norm: .none, dropout: [0.3, 0.5], residual: false),
        Case(norm: .batch, dropout: [0.2, 0.2], residual: true),
        Case(norm: .layer, dropout: [0, 0.4], residual: true),
    ]

    static let targets = Targets.classes(labels: [0, 2, 1, 2, 0], classCount: 3)
    static let dropoutSeed: UInt64 = 11

    /// The masks `Network.backward(dropoutSeed:)` draws, as [layer][sample][feature].
    static func masks(spec: NetworkSpec, batch: Int) -> [[[Double]]] {
        var generator = SeededGenerator(seed: dropoutSeed, stream: "dropout")
        return spec.blocks.enumerated().map { l, block in
            let width = spec.hidden[l]
            var mask = [[Double]](repeating: [Double](repeating: 1, count: width), count: batch)
            guard block.dropout > 0 else { return mask }
            let keep = Float(1 - block.dropout), scale = 1 / Float(1 - block.dropout)
            for i in 0..<width { for j in 0..<batch { mask[j][i] = Double(generator.nextFloat() < keep ? scale : 0) } }
            return mask
        }
    }

    @Test(arguments: Activation.allCases, cases)
    func engineGradientMatchesCentralDifferences(activation: Activation, testCase: Case) {
        let spec = NetworkSpec(inputSize: 3, hidden: [4, 4], outputSize: 3, activation: activation, head: .softmax,
                               dropout: testCase.dropout, norm: testCase.norm, residual: testCase.residual)
        var network = Network(spec: spec, seed: 3)
        // Non-trivial biases, scales and shifts, so every term is exercised.
        var generator = SeededGenerator(seed: 5, stream: "perturb")
        for index in network.parameters.indices where network.parameters[index] == 0 || network.parameters[index] == 1 {
            network.parameters[index] += Float(0.3 * generator.nextGaussian())
        }
        var reference = ReferenceMLP(network)
        if testCase.dropout.contains(where: { $0 > 0 }) { reference.masks = Self.masks(spec: spec, batch: 5) }
        let numeric = reference.numericGradient(GradientCheckTests.inputs, Self.targets)
        let inputs = Matrix(rows: 5, columns: 3, storage: GradientCheckTests.inputs.flatMap { $0.map(Float.init) })
        let loss = network.backward(inputs: inputs, targets: Self.targets, dropoutSeed: Self.dropoutSeed)
        let referenceLoss = reference.loss(GradientCheckTests.inputs, Self.targets)
        #expect(abs(loss - referenceLoss) <= 1e-5 * max(1, abs(referenceLoss)), "loss \(loss) vs reference \(referenceLoss)")
        let scale = numeric.map(abs).max()!
        let error = zip(network.gradients, numeric).map { abs(Double($0) - $1) }.max()! / scale
        #expect(error < 2e-4, "engine vs central differences: error \(error) of the largest entry \(scale)")
    }

    /// A residual flag on a network with no equal-width block changes nothing.
    @Test func residualWithoutEqualWidthsIsTheIdentity() {
        let plain = NetworkSpec(inputSize: 3, hidden: [4, 5], outputSize: 2, activation: .tanh, head: .softmax)
        var skip = plain
        skip.residual = true
        #expect(skip.residualBlockCount == 0)
        let inputs = Matrix(rows: 5, columns: 3, storage: GradientCheckTests.inputs.flatMap { $0.map(Float.init) })
        #expect(Network(spec: plain, seed: 2).predict(inputs) == Network(spec: skip, seed: 2).predict(inputs))
    }
}
