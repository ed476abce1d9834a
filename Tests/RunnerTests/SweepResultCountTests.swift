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
        result.count([.ok, .early_stopped, .diverged, .terminated].map(Self.record))
        #expect(result.ended == 4 && result.unfinishedEnded == 0)
        result.count([.failed, .timed_out, .ok].map(Self.record))
        #expect(result.ended == 7 && result.unfinishedEnded == 2)
        #expect(result.records.isEmpty)
    }
}
