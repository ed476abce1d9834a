import Testing
@testable import Runner

// PLACEHOLDER: replaced by the module's real tests.
@Test func RunnerTestsBuilds() { #expect(Bool(true)) }
