import Core
import Foundation
import Testing
@testable import Notebook

/// `training.class_weight` and `dataset.folds`: read, refused at their positions when bad, out of
/// the variant id at their defaults, and folds making one variant per fold.
@Suite struct ClassWeightAndFoldKeyTests {
    func document(dataset: String = "", training: String = "", parameters: String = "learning_rate: {values: [0.01]}") throws -> NotebookDocument {
        try loadText("""
            title: Weights and folds
            defaults:
              dataset: {csv: data/tiny.csv, target: label\(dataset)}
              training: {epochs: 2\(training)}
            parameters:
              \(parameters)
            """)
    }

    func errors(dataset: String = "", training: String = "", model: String = "") -> [String] {
        problems("""
            title: Weights and folds
            defaults:
              dataset: {csv: data/tiny.csv, target: label\(dataset)}
              model: {hidden: [4]\(model)}
              training: {epochs: 2\(training)}
            parameters:
              learning_rate: {values: [0.01]}
            """)
    }

    @Test func classWeightIsRead() throws {
        #expect(try document(training: ", class_weight: balanced").variants[0].config.training.classWeight == .balanced)
        let mapped = try document(training: ", class_weight: {b: 3, a: 0.5}").variants[0].config.training.classWeight
        #expect(mapped == .classes([.init(label: "a", weight: 0.5), .init(label: "b", weight: 3)]))
        // It travels to the worker in the config's JSON.
        let config = try document(training: ", class_weight: {b: 3, a: 0.5}").variants[0].config
        let json = try JSONEncoder().encode(config)
        #expect(try JSONDecoder().decode(RunConfig.self, from: json) == config)
    }

    @Test func classWeightDefaultLeavesTheIdAlone() throws {
        let plain = try document().variants[0]
        #expect(try document(training: ", class_weight: none").variants[0].id == plain.id)
        #expect(plain.resolved.value(at: "training.class_weight") == nil)
        let balanced = try document(training: ", class_weight: balanced").variants[0]
        #expect(balanced.id != plain.id)
        #expect(balanced.resolved.value(at: "training.class_weight") == .string("balanced"))
        // The mapping's order is not part of the id.
        #expect(try document(training: ", class_weight: {a: 1, b: 2}").variants[0].id
                == document(training: ", class_weight: {b: 2, a: 1}").variants[0].id)
    }

    @Test func classWeightCanBeSwept() throws {
        let swept = try document(training: ", learning_rate: 0.01", parameters: "training.class_weight: {values: [none, balanced]}")
        #expect(swept.variants.map(\.config.training.classWeight) == [.none, .balanced])
        #expect(swept.variants.map(\.label) == ["class_weight=none seed=1", "class_weight=balanced seed=1"])
        #expect(swept.variants[0].id == (try document().variants[0].id))
    }

    @Test func badClassWeightsAreRefusedAtTheirPositions() {
        let word = errors(training: ", class_weight: balance")
        #expect(word.count == 1 && word[0].hasPrefix("5:39:") && word[0].contains("did you mean 'balanced'"), "\(word)")
        let negative = errors(training: ", class_weight: {a: -1, b: zero, c: 0}")
        #expect(negative.count == 3, "\(negative)")
        #expect(negative.contains { $0.hasPrefix("5:43:") && $0.contains("'training.class_weight.a' must be > 0, got -1") }, "\(negative)")
        #expect(negative.contains { $0.contains("'training.class_weight.b' must be a finite number, got 'zero'") }, "\(negative)")
        #expect(negative.contains { $0.contains("'training.class_weight.c' must be > 0, got 0") }, "\(negative)")
        #expect(errors(training: ", class_weight: {}").first?.contains("empty mapping") == true)
    }

    @Test func classWeightNeedsACrossEntropyLoss() {
        let mse = errors(training: ", class_weight: balanced, loss: mse")
        #expect(mse.count == 1 && mse[0].hasPrefix("5:39:") && mse[0].contains("but the loss is mse"), "\(mse)")
        let linear = errors(training: ", class_weight: balanced", model: ", output: linear")
        #expect(linear.count == 1 && linear[0].contains("(auto on a linear head)"), "\(linear)")
        let regression = problems("""
            title: Regression
            defaults:
              dataset: {name: friedman1}
              training: {class_weight: balanced}
            parameters:
              learning_rate: {values: [0.01]}
            """)
        #expect(regression.count == 1 && regression[0].hasPrefix("4:28:") && regression[0].contains("classification only"), "\(regression)")
    }

    @Test func foldsMakeOneVariantPerFoldAndSeed() throws {
        let plain = try document().variants
        let folded = try loadText("""
            title: Folds
            defaults:
              dataset: {csv: data/tiny.csv, target: label, folds: 3}
              training: {epochs: 2}
            cells:
              - experiment:
                  name: cv
                  parameters:
                    learning_rate: {values: [0.01, 0.1]}
                  seeds: [1, 2]
            """).variants
        #expect(folded.count == 2 * 2 * 3)
        #expect(folded.prefix(3).map(\.label) == ["lr=0.01 seed=1 fold=1", "lr=0.01 seed=1 fold=2", "lr=0.01 seed=1 fold=3"])
        #expect(folded.map(\.fold) == Array(repeating: [1, 2, 3], count: 4).flatMap { $0 })
        #expect(Set(folded.map(\.id)).count == folded.count)
        #expect(folded.allSatisfy { $0.legacyID == nil })
        // Without folds nothing about a variant changes: no fold, the same id as before.
        #expect(plain.allSatisfy { $0.fold == nil && $0.config.dataset.fold == nil })
        #expect(plain[0].resolved.value(at: "dataset.folds") == nil)
        #expect(folded[0].resolved.value(at: "dataset.folds") == .int(3))
    }

    @Test func badFoldsAreRefusedAtTheirPositions() {
        let one = errors(dataset: ", folds: 1")
        #expect(one.count == 1 && one[0].hasPrefix("3:55:") && one[0].contains("'dataset.folds' must be >= 2, got 1"), "\(one)")
        let fraction = errors(dataset: ", folds: 2.5")
        #expect(fraction.count == 1 && fraction[0].contains("'dataset.folds' must be an integer, got 2.5"), "\(fraction)")
        let both = errors(dataset: ", validation: 0.3, folds: 3")
        #expect(both.count == 1 && both[0].hasPrefix("3:48:") && both[0].contains("remove 'validation'"), "\(both)")
    }
}
