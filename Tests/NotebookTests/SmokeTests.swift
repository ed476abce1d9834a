import Foundation
import Search
import Testing
@testable import Notebook

@Suite struct ContractExampleTests {
    @Test func contractExampleExpands() throws {
        let document = try NotebookLoader.load(path: Fixtures.path("valid/contract-example.yaml"), catalog: testCatalog)
        #expect(document.title == "Learning rate x width on handwritten digits")
        #expect(document.experiments.map(\.name) == ["lr-width", "activations", "random-lr"])
        #expect(document.experiments.map(\.variants.count) == [36, 4, 20])
        #expect(document.cells.count == 5)
        let first = document.experiments[0].variants[0]
        #expect(first.label == "lr=0.0001 hidden=16 seed=1")
        #expect(first.config.training.timeoutSeconds == 600)
        #expect(document.experiments[1].variants[0].config.model.hidden == [64, 64])
        #expect(document.experiments[2].parameters[0].isLogScale)
    }
}
