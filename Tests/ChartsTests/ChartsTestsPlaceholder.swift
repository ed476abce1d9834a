import Testing
@testable import Charts

// PLACEHOLDER: replaced by the module's real tests.
@Test func ChartsTestsBuilds() { #expect(Bool(true)) }
