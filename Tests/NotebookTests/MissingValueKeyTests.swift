import Core
import Foundation
import Testing
@testable import Notebook

/// The real-CSV keys (`missing`, `impute`, `impute_text`, `na_values`, `categorical`): read into
/// the typed config, kept out of the variant id at their defaults, in it once set.
@Suite struct MissingValueKeyTests {
    func variant(_ dataset: String) throws -> Variant {
        try #require(loadText("""
            title: CSV keys
            defaults:
              dataset: {csv: data/tiny.csv, target: label\(dataset)}
              training: {epochs: 2}
            parameters:
              learning_rate: {values: [0.01]}
            """).variants.first)
    }

    @Test func keysAreReadIntoTheConfig() throws {
        let config = try variant(", missing: impute, impute: median, impute_text: category, na_values: [NA, -999, \"\"], categorical: [x]").config
        #expect(config.dataset.missing == .impute)
        #expect(config.dataset.impute == .median)
        #expect(config.dataset.imputeText == .category)
        #expect(config.dataset.naValues == ["NA", "-999", ""])
        #expect(config.dataset.categorical == ["x"])
        // The worker receives the config as JSON with the notebook's key names.
        let json = String(decoding: try JSONEncoder().encode(config.dataset), as: UTF8.self)
        #expect(json.contains("\"impute_text\":\"category\"") && json.contains("\"na_values\""))
        #expect(try JSONDecoder().decode(RunConfig.Dataset.self, from: Data(json.utf8)) == config.dataset)
    }

    @Test func defaultsLeaveTheIdAloneAndSetValuesChangeIt() throws {
        let plain = try variant("")
        let spelledOut = try variant(", missing: error, impute: mean, impute_text: most_frequent, categorical: []")
        #expect(spelledOut.id == plain.id)
        #expect(plain.resolved.value(at: "dataset.missing") == nil)
        let drop = try variant(", missing: drop")
        #expect(drop.id != plain.id)
        #expect(drop.resolved.value(at: "dataset.missing") == .string("drop"))
        #expect(try variant(", categorical: [x]").id != plain.id)
    }

    @Test func switchingToABuiltInSetDropsTheCSVOnlyKeys() throws {
        let document = try loadText("""
            title: Switch source
            defaults:
              dataset: {csv: data/tiny.csv, target: label, missing: drop, categorical: [x]}
            cells:
              - experiment:
                  name: moons
                  dataset: {name: moons}
            """)
        let dataset = try #require(document.variants.first?.config.dataset)
        #expect(dataset.name == "moons" && dataset.missing == .error && dataset.categorical.isEmpty)
    }

    @Test func missingCanBeSwept() throws {
        let document = try loadText("""
            title: Drop or impute
            defaults:
              dataset: {csv: data/tiny.csv, target: label}
            parameters:
              dataset.missing: {values: [drop, impute]}
            """)
        #expect(document.variants.map(\.config.dataset.missing) == [.drop, .impute])
        #expect(document.variants.map(\.label) == ["missing=drop seed=1", "missing=impute seed=1"])
        // A swept newer key at its default is still named in labels and swept values.
        let text = try loadText("""
            title: Text imputation
            defaults:
              dataset: {csv: data/tiny.csv, target: label, missing: impute}
            parameters:
              dataset.impute_text: {values: [most_frequent, category]}
            """)
        #expect(text.variants.map(\.label) == ["impute_text=most_frequent seed=1", "impute_text=category seed=1"])
        #expect(text.variants[0].parameters == [SweptValue(name: "dataset.impute_text", value: .string("most_frequent"))])
    }
}
