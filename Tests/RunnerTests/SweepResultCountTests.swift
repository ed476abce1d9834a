import Core
import Records
@testable import Runner
import Testing

/// A single pass of a grid or random sweep keeps no records in its result, only counts
/// (`SweepRunner.keepsRecords`): what `gradbook run` says of a sweep must come from them.
struct SweepResultCountTests {
    static func record(_ status: RunStatus) -> RunRecord {
        RunRecord(experiment: "e", variant: "\(status)", label: "\(status)", seed: 0, parameters: [:], config: .null,
                  status: status, epochs: [], finalMetrics: [:], seconds: 0, finishedAt: "2026-12-04T00:00:00Z")
    }

    @Test func endedRunsAreCountedWithThoseThatDidNotFinish() {
        var result = SweepResult()
        result.ended.add([.ok, .early_stopped, .diverged, .terminated].map(Self.record))
        #expect(result.ended.count == 4 && result.ended.unfinished == 0)
        result.ended.add([.failed, .timed_out, .ok].map(Self.record))
        #expect(result.ended.count == 7 && result.ended.unfinished == 2)
        var merged = EndedRuns()
        merged += result.ended
        #expect(merged == result.ended)
        #expect(result.records.isEmpty)
    }
}
