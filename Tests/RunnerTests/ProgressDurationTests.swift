import Testing
@testable import Runner

/// Run durations on progress lines: fast runs must not all read `0.0s`.
@Suite struct ProgressDurationTests {
    @Test func fastRunsKeepTheirDigits() {
        #expect(ProgressDisplay.duration(0) == "0ms")
        #expect(ProgressDisplay.duration(0.0004) == "0ms")
        #expect(ProgressDisplay.duration(0.045) == "45ms")
        #expect(ProgressDisplay.duration(0.0996) == "0.10s")
        #expect(ProgressDisplay.duration(0.034 * 10) == "0.34s")
        #expect(ProgressDisplay.duration(2.5) == "2.50s")
        #expect(ProgressDisplay.duration(9.996) == "10.0s")
        #expect(ProgressDisplay.duration(12.34) == "12.3s")
        #expect(ProgressDisplay.duration(59.96) == "1:00")
        #expect(ProgressDisplay.duration(65) == "1:05")
        #expect(ProgressDisplay.duration(3725) == "1:02:05")
    }
}
