import Testing
@testable import Report

// PLACEHOLDER: replaced by the module's real tests.
@Test func ReportTestsBuilds() { #expect(Bool(true)) }
