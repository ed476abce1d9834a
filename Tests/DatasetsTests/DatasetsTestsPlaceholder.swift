import Testing
@testable import Datasets

// PLACEHOLDER: replaced by the module's real tests.
@Test func DatasetsTestsBuilds() { #expect(Bool(true)) }
