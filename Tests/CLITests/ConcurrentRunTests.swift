import Foundation
import Records
import Testing

/// Two `gradbook run` on one output folder (the overnight command started twice, two machines on
/// a shared folder): claims make every run train exactly once, whoever trains it, and both
/// processes end with the complete report.
@Suite(.serialized)
struct ConcurrentRunTests {
    /// `experiment/variant` of every job a worker started, from `GRADBOOK_TEST_TRAINED_LOG`.
    private func trained(_ log: String) -> [String] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n")
            .map { String($0.split(separator: " ")[0]) }
    }

    private func claimFiles(_ space: Workspace, out: String) -> [String] {
        let root = "\(space.folder)/\(out)/tiny/runs"
        let experiments = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return experiments.flatMap { experiment in
            ((try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(experiment)")) ?? []).filter { $0.contains(".claim") }
        }
    }

    @Test func twoRunsOnOneFolderTrainEveryRunOnceWithTheSingleRunsResults() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        let reference = try GradbookProcess.run(["run", notebook, "--out", "ref", "--jobs", "1", "--quiet"], in: space.folder)
        #expect(reference.status == 0, "\(reference.stderr)")

        let log = "\(space.folder)/trained.log"
        let environment = ["GRADBOOK_TEST_TRAINED_LOG": log].merging(space.markerEnvironment) { $1 }
        let first = try GradbookProcess(["run", notebook, "--out", "shared", "--jobs", "1", "--quiet"], in: space.folder, environment: environment)
        let second = try GradbookProcess(["run", notebook, "--out", "shared", "--jobs", "1", "--quiet"], in: space.folder, environment: environment)
        let (a, b) = (first.wait(), second.wait())
        #expect(a == 0, "\(first.stderr)")
        #expect(b == 0, "\(second.stderr)")

        let runs = trained(log)
        #expect(runs.count == 5, "\(runs)")
        #expect(Set(runs).count == runs.count, "a run was trained twice: \(runs)")
        let records = try space.records("shared")
        #expect(records.count == 5)
        #expect(TrainedOutcome.byVariant(records) == TrainedOutcome.byVariant(try space.records("ref")))
        #expect(claimFiles(space, out: "shared").isEmpty)
        #expect(FileManager.default.fileExists(atPath: "\(space.folder)/shared/tiny/report.md"))
    }

    @Test func aClaimWhoseProcessWasKilledIsTakenOver() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        let log = "\(space.folder)/trained.log"
        // The first process hangs in `slow` (its workers inherit the hook), holding its claim.
        let hung = try GradbookProcess(["run", notebook, "--out", "shared", "--jobs", "1", "--quiet"], in: space.folder,
                                       environment: ["GRADBOOK_TEST_HANG_VARIANT": "slow", "GRADBOOK_TEST_TRAINED_LOG": log])
        space.waitUntil { trained(log).contains { $0.hasPrefix("slow/") } }
        let second = try GradbookProcess(["run", notebook, "--out", "shared", "--jobs", "1", "--quiet"], in: space.folder,
                                         environment: ["GRADBOOK_TEST_TRAINED_LOG": log])
        // The second finds every grid run recorded and waits for `slow`, claimed by a live process.
        space.waitUntil { claimFiles(space, out: "shared").count == 1 && (try? space.records("shared").count) == 4 }
        usleep(1_500_000)
        #expect(try space.records("shared").count == 4)
        hung.signal(SIGKILL)
        _ = hung.wait()
        #expect(second.wait() == 0, "\(second.stderr)")
        let runs = trained(log)
        #expect(runs.filter { $0.hasPrefix("slow/") }.count == 2, "\(runs)")
        #expect(runs.filter { $0.hasPrefix("grid/") }.count == 4, "\(runs)")
        #expect(try space.records("shared").count == 5)
        #expect(claimFiles(space, out: "shared").isEmpty)
    }

    @Test func aClaimFromAnotherHostWithoutHeartbeatGoesStaleAndIsTakenOver() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        // Learn the variant ids (a first run), then remove one record and claim it from "elsewhere".
        #expect(try GradbookProcess.run(["run", notebook, "--out", "shared", "--jobs", "1", "--quiet"], in: space.folder).status == 0)
        let slow = try #require(try space.records("shared").first { $0.experiment == "slow" })
        try space.store("shared").remove(experiment: "slow", variant: slow.variant)
        let claim = RunClaim(host: "a-machine-that-is-not-this-one", pid: 1, token: "other", heartbeat: Date().timeIntervalSince1970)
        let path = "\(space.folder)/shared/tiny/runs/slow/.\(slow.variant).claim"
        try JSONEncoder().encode(claim).write(to: URL(fileURLWithPath: path))
        let log = "\(space.folder)/trained.log"
        let resumed = try GradbookProcess.run(["run", notebook, "--out", "shared", "--jobs", "1", "--quiet"], in: space.folder,
                                              environment: ["GRADBOOK_TEST_TRAINED_LOG": log, "GRADBOOK_CLAIM_STALE": "2"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(trained(log) == ["slow/\(slow.variant)"])
        #expect(try space.records("shared").count == 5)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
