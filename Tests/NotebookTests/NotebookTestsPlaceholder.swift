import Testing
@testable import Notebook

// PLACEHOLDER: replaced by the module's real tests.
@Test func NotebookTestsBuilds() { #expect(Bool(true)) }
