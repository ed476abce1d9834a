import Testing
@testable import Backprop

// PLACEHOLDER: replaced by the module's real tests.
@Test func BackpropTestsBuilds() { #expect(Bool(true)) }
