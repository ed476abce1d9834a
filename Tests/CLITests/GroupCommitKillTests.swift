import Foundation
import Records
import Testing

/// The group commit of records under a kill -9: a run the sweep counted finished (its progress
/// line printed, its claim released) has its whole record on disk; runs that ended but still
/// waited for their commit train again on resume, to the same numbers.
@Suite(.serialized)
struct GroupCommitKillTests {
    @Test func aKillWhileRecordsAwaitTheirCommitLosesNoRunCountedFinished() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        let reference = try GradbookProcess.run(["run", notebook, "--out", "ref", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(reference.status == 0, "\(reference.stderr)")

        let log = "\(space.folder)/trained.log"
        // Each group waits 1.5 s before it is written: runs end well before their records are durable.
        let environment = space.markerEnvironment.merging(["GRADBOOK_TEST_COMMIT_DELAY_MS": "1500",
                                                           "GRADBOOK_TEST_TRAINED_LOG": log]) { $1 }
        let doomed = try GradbookProcess(["run", notebook, "--out", "out", "--jobs", "2", "--no-progress"],
                                         in: space.folder, environment: environment)
        func started() -> Int { ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").count }
        // Four runs started on two workers: at least two have ended.
        space.waitUntil { started() >= 4 }
        #expect(started() >= 4)
        let counted = Self.endedLines(doomed.stderr)
        let written = space.recordFiles("out", experiment: "grid").count + space.recordFiles("out", experiment: "slow").count
        doomed.signal(SIGKILL)
        #expect(doomed.wait() == 128 + SIGKILL)
        space.waitUntil { space.markedProcesses().isEmpty }
        // Read before the files: a record committed in between only adds to `written`.
        #expect(counted <= written, "\(counted) runs counted finished, \(written) records on disk")
        let scan = try space.store("out").scan()
        #expect(scan.problems.isEmpty, "every record on disk is whole: \(scan.problems)")

        let resumed = try GradbookProcess.run(["run", notebook, "--out", "out", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(TrainedOutcome.byVariant(try space.records("out")) == TrainedOutcome.byVariant(try space.records("ref")))
    }

    /// Progress lines of ended runs: `[3/5] ok ...`.
    static func endedLines(_ stderr: String) -> Int {
        stderr.split(separator: "\n").filter { $0.hasPrefix("[") && $0.contains("/5] ") }.count
    }
}
