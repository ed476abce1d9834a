import Foundation
import Testing
@testable import Notebook

/// Every notebook under Fixtures/warnings is valid and lists the warnings and notes it must
/// produce as trailing `# expect: LINE:COL: SEVERITY: message` comments, in source order.
@Suite struct WarningFixtureTests {
    static let files = Fixtures.files(in: "warnings")

    @Test func fixturesExist() {
        #expect(Self.files.count >= 2)
    }

    @Test(arguments: files)
    func reportsExactWarnings(file: String) throws {
        let expected = ErrorFixtureTests.expectations(file)
        #expect(!expected.isEmpty, "fixture \(file) lists no '# expect:' lines")
        let document = try NotebookLoader.load(path: file, catalog: testCatalog)
        let found = document.warnings.map { "\($0.line):\($0.column): \($0.severity.rawValue): \($0.message)" }
        #expect(found == expected, "\(URL(fileURLWithPath: file).lastPathComponent)")
        #expect(document.warnings.allSatisfy { $0.description.hasPrefix("\(file):\($0.line):\($0.column): \($0.severity.rawValue): ") })
    }

    @Test func repeatsCollapseIntoTheirFirstValue() throws {
        let document = try NotebookLoader.load(path: Fixtures.path("warnings/collapsed.yaml"), catalog: testCatalog)
        let experiments = Dictionary(uniqueKeysWithValues: document.experiments.map { ($0.name, $0) })
        // 2 batch sizes x 2 activations, each once.
        #expect(experiments["grid-repeats"]?.variants.count == 4)
        #expect(experiments["grid-repeats"]?.parameters.map(\.summary) == ["values [16, 32]", "values [relu, tanh]"])
        // count 9 of a space of 4: every configuration once.
        let random = try #require(experiments["random-too-many"])
        #expect(random.variants.count == 4)
        #expect(Set(random.variants.map(\.label)).count == 4)
        // A repeated weighted value keeps the sum of its probabilities.
        #expect(experiments["weighted-repeat"]?.parameters.map(\.summary) == ["values [16, 32] p=[0.5, 0.5]"])
    }

    @Test func theWandBFileKeepsItsDescriptionAndDrawsBeta() throws {
        let document = try NotebookLoader.load(path: Fixtures.path("warnings/wandb-sweep.yaml"), catalog: testCatalog)
        #expect(document.description == "Learning rate and batch size of a small MLP.")
        let experiment = try #require(document.experiments.first)
        #expect(experiment.name == "wandb-sweep")
        #expect(experiment.variants.count == 6)
        for variant in experiment.variants {
            let rate = try #require(variant.config.training.learningRate as Double?)
            #expect(rate >= exp(-9.2) && rate <= exp(-2.3))
            #expect(variant.config.training.batchSize % 8 == 0)
            let decay = variant.config.training.weightDecay
            #expect(decay >= exp(-11.5) && decay <= exp(-4.6))
        }
    }
}
