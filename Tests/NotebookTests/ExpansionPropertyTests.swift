import Core
import Foundation
import Search
import Testing
@testable import Notebook

/// Properties of sweep expansion over many generated sweeps.
@Suite struct ExpansionPropertyTests {
    /// A notebook with one experiment sweeping the given parameter lines.
    static func notebook(method: String = "grid", extra: String = "", parameters: [String]) -> String {
        """
        title: Generated
        defaults:
          dataset: {name: moons}
          model: {hidden: [4]}
        cells:
          - experiment:
              name: generated
              method: \(method)
        \(extra)
              parameters:
        \(parameters.map { "        \($0)" }.joined(separator: "\n"))
        """
    }

    static let pools: [(line: String, count: Int)] = [
        ("training.learning_rate: {values: [0.1, 0.01, 0.001]}", 3),
        ("model.activation: {values: [relu, tanh, gelu, silu]}", 4),
        ("model.hidden: {values: [[4], [8, 4]]}", 2),
        ("training.epochs: {min: 1, max: 5}", 5),
        ("training.batch_size: {distribution: q_uniform, min: 8, max: 40, q: 8}", 4),
        ("training.optimizer: {value: adam}", 1),
        ("dataset.noise: {values: [0.0, 0.1, 0.2]}", 3),
    ]

    @Test(arguments: 1...12)
    func gridSizeIsTheProductTimesTheSeeds(trial: Int) throws {
        var generator = SeededGenerator(seed: UInt64(trial))
        let chosen = Self.pools.filter { _ in generator.nextDouble() < 0.6 }
        let seedCount = 1 + generator.nextIndexByRemainder(below: 3)
        let seeds = (0..<seedCount).map { String(10 + $0) }.joined(separator: ", ")
        let text = Self.notebook(extra: "      seeds: [\(seeds)]", parameters: chosen.map(\.line))
        let variants = try loadText(text).variants
        let product = chosen.reduce(1) { $0 * $1.count }
        #expect(variants.count == product * seedCount)
        #expect(Set(variants.map(\.id)).count == variants.count)
    }

    static func randomVariants(seed: Int, count: Int = 25) throws -> [Variant] {
        let text = notebook(method: "random", extra: "      count: \(count)\n      sweep_seed: \(seed)", parameters: [
            "learning_rate: {distribution: log_uniform_values, min: 0.0001, max: 0.1}",
            "activation: {values: [relu, tanh]}",
            "epochs: {min: 1, max: 3}",
        ])
        return try loadText(text).variants
    }

    @Test(arguments: [0, 1, 2, 99])
    func randomSearchIsSeededAndNeverRepeats(seed: Int) throws {
        let variants = try Self.randomVariants(seed: seed)
        #expect(variants.count == 25)
        #expect(Set(variants.map(\.id)).count == 25)
        #expect(Set(variants.map { $0.parameters.map(\.value) }).count == 25)
        #expect(try Self.randomVariants(seed: seed).map(\.id) == variants.map(\.id))
        #expect(try Self.randomVariants(seed: seed + 1).map(\.id) != variants.map(\.id))
    }

    @Test func randomSearchCanExhaustAFiniteSpaceWithoutRepeats() throws {
        let text = Self.notebook(method: "random", extra: "      count: 6", parameters: [
            "activation: {values: [relu, tanh, gelu]}", "hidden: {values: [[2], [3]]}",
        ])
        let variants = try loadText(text).variants
        #expect(Set(variants.map { $0.parameters.map(\.value) }).count == 6)
    }

    @Test func weightedValuesFollowTheirProbabilities() throws {
        let text = Self.notebook(method: "random", extra: "      count: 400", parameters: [
            "activation: {values: [relu, tanh], probabilities: [0.8, 0.2]}",
            "learning_rate: {distribution: uniform, min: 0.001, max: 0.1}",
        ])
        let activations = try loadText(text).variants.map(\.config.model.activation)
        let relu = activations.filter { $0 == .relu }.count
        #expect((280...360).contains(relu))
    }

    @Test func gridOrderIsNestedLoopsInDeclarationOrderWithSeedsInnermost() throws {
        let text = Self.notebook(extra: "      seeds: [1, 2]", parameters: [
            "learning_rate: {values: [0.1, 0.2]}", "activation: {values: [relu, tanh]}",
        ])
        let labels = try loadText(text).variants.map(\.label)
        #expect(labels == [
            "lr=0.1 act=relu seed=1", "lr=0.1 act=relu seed=2", "lr=0.1 act=tanh seed=1", "lr=0.1 act=tanh seed=2",
            "lr=0.2 act=relu seed=1", "lr=0.2 act=relu seed=2", "lr=0.2 act=tanh seed=1", "lr=0.2 act=tanh seed=2",
        ])
    }
}
