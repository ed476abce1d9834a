import Core
import Search
import Testing
@testable import Notebook

/// Variants hold their fields in one shared box (copies in the plan, the schedule and the
/// runner's queues cost a pointer), and a factory gives equal data sets and marks one box: none
/// of it may show as anything but plain values.
@Suite struct VariantStorageTests {
    static let sweep = """
        title: Shared parts
        defaults:
          dataset: {name: moons, n: 200, noise: 0.2, validation: 0.25}
          model: {hidden: [8]}
          training: {epochs: 2, save: none}
        cells:
          - experiment:
              name: tiny
              method: random
              count: 12
              sweep_seed: 3
              seeds: [1, 2]
              parameters:
                training.learning_rate: {distribution: log_uniform_values, min: 1.0e-4, max: 1.0}
                model.hidden: {values: [[4], [8, 8]]}
        """

    @Test func aChangedCopyLeavesTheOriginalAlone() throws {
        let original = try #require(try loadText(Self.sweep).variants.first)
        var copy = original
        #expect(copy == original)
        copy.label = "changed"
        copy.config.training.epochs = 7
        copy.marks?.hidden = nil
        #expect(original.label != "changed")
        #expect(original.config.training.epochs == 2)
        #expect(original.marks?.hidden != nil)
        #expect(copy != original)
        copy.label = original.label
        copy.config = original.config
        copy.marks = original.marks
        #expect(copy == original)
        #expect(copy.hashValue == original.hashValue)
    }

    @Test func sharedPartsReadAsEachVariantsOwn() throws {
        let document = try loadText(Self.sweep)
        let again = try loadText(Self.sweep)
        #expect(document.variants.count == 24)
        #expect(document.variants == again.variants)
        var dataset = RunConfig.Dataset()
        dataset.name = "moons"
        dataset.n = 200
        dataset.noise = 0.2
        dataset.validation = 0.25
        for variant in document.variants {
            #expect(variant.config.dataset == dataset)
            // The lazy tree is the one the id was hashed from.
            #expect(Variant.id(of: variant.resolved) == (variant.legacyID ?? variant.id))
            #expect(variant.marks != nil && variant.marks == document.variants[0].marks)
        }
        // A variant's data set changed alone: the others keep theirs.
        var variants = document.variants
        variants[0].config.dataset.n = 300
        #expect(variants[0].config.dataset.n == 300)
        #expect(variants[1].config.dataset.n == 200)
        #expect(document.variants[0].config.dataset.n == 200)
    }
}
