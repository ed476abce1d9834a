import Core
import Foundation
import Testing
@testable import Notebook

/// Conditional parameters: `{value: X, parameters: {...}}` inside `values`. A grid expands a
/// branch's parameters only inside it; labels and swept values list only what a variant has.
@Suite struct ConditionalParameterTests {
    static let document = Result { try NotebookLoader.load(path: Fixtures.path("valid/conditionals.yaml"), catalog: testCatalog) }

    func experiment(_ name: String) throws -> Experiment {
        try #require(try Self.document.get().experiments.first { $0.name == name })
    }

    @Test func aGridExpandsEachBranchOnItsOwn() throws {
        let grid = try experiment("grid")
        // (momentum: 2 momenta x 2 rates) + adam + (sgd: 1 rate), times 2 widths.
        #expect(grid.variants.count == (4 + 1 + 1) * 2)
        let labels = grid.variants.map(\.label)
        #expect(labels.contains("opt=momentum mom=0.9 lr=0.1 hidden=8 seed=1"))
        #expect(labels.contains("opt=adam hidden=4 seed=1"))
        #expect(labels.contains("opt=sgd lr=0.1 hidden=8 seed=1"))
        let adam = try #require(grid.variants.first { $0.label == "opt=adam hidden=4 seed=1" })
        #expect(adam.parameters.map(\.name) == ["training.optimizer", "model.hidden"])
        // An absent parameter keeps the experiment's value.
        #expect(adam.config.training.learningRate == RunConfig().training.learningRate)
        // The sweep lists each name once, however many branches sweep it.
        #expect(grid.parameters.map(\.name) == ["training.optimizer", "training.momentum", "training.learning_rate", "model.hidden"])
    }

    @Test func randomDrawsOnlyWhatTheBranchHas() throws {
        let random = try experiment("random")
        #expect(random.variants.count == 12)
        for variant in random.variants {
            let names = variant.parameters.map(\.name)
            let optimizer = variant.config.training.optimizer
            #expect(names.contains("training.momentum") == (optimizer == .momentum), "\(variant.label)")
            #expect(variant.label.contains("mom=") == (optimizer == .momentum))
        }
        #expect(Set(random.variants.map { $0.config.training.optimizer }) == [.momentum, .adam])
    }

    @Test func variantIdsWithoutConditionalsAreUnchanged() throws {
        // The same grid written without the conditional form: the ids of the variants both have.
        let plain = try NotebookLoader.load(bytes: Array("""
            title: plain
            defaults:
              dataset: {name: moons, n: 120}
              training: {epochs: 1}
            cells:
              - experiment:
                  name: grid
                  parameters:
                    training.optimizer: {values: [adam]}
                    model.hidden: {values: [[4], [8]]}
            """.utf8), path: Fixtures.path("plain.yaml"), catalog: testCatalog)
        let conditional = Set(try experiment("grid").variants.map(\.id))
        for variant in plain.variants { #expect(conditional.contains(variant.id), "\(variant.label)") }
    }
}
