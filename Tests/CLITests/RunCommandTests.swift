import Foundation
import Notebook
import Testing

/// End-to-end tests of `gradbook run` on the built binary: real worker processes, real signals.
@Suite(.serialized)
struct RunCommandTests {
    let hang = "GRADBOOK_TEST_HANG_VARIANT"
    let crash = "GRADBOOK_TEST_CRASH_VARIANT"

    @Test func sweepRunsEveryVariantAndResumeSkipsFinishedOnes() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        let first = try GradbookProcess.run(["run", notebook, "--out", "out", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(first.status == 0, "\(first.stderr)")
        let records = try space.records("out")
        #expect(records.count == 5)
        #expect(records.allSatisfy { $0.status.isFinished && !$0.epochs.isEmpty })
        #expect(records.allSatisfy { $0.finalMetrics["val_accuracy"] != nil && $0.finalMetrics["train_loss"] != nil })

        let again = try GradbookProcess.run(["run", notebook, "--out", "out", "--no-progress"], in: space.folder)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("all 5 runs already finished"), "\(again.stderr)")
    }

    @Test func sigkillMidSweepThenResumeMatchesAnUninterruptedRun() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        // Reference: one go, two workers.
        let reference = try GradbookProcess.run(["run", notebook, "--out", "ref", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(reference.status == 0, "\(reference.stderr)")

        // One worker; the cheapest variant (`slow`, scheduled last) hangs, so the kill lands mid-sweep.
        let doomed = try GradbookProcess(["run", notebook, "--out", "out", "--jobs", "1", "--no-progress"],
                                         in: space.folder, environment: [hang: "slow"])
        space.waitUntil { space.recordFiles("out", experiment: "grid").count == 4 }
        #expect(space.recordFiles("out", experiment: "grid").count == 4)
        doomed.signal(SIGKILL)
        #expect(doomed.wait() == 128 + SIGKILL)
        #expect(space.recordFiles("out", experiment: "slow").isEmpty)
        let before = try modificationTimes(space, out: "out")

        let resumed = try GradbookProcess.run(["run", notebook, "--out", "out", "--jobs", "1", "--no-progress"], in: space.folder)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("1 run on 1 worker, 4 already finished"), "\(resumed.stderr)")
        let after = try modificationTimes(space, out: "out")
        for (path, time) in before { #expect(after[path] == time, "\(path) was rewritten") }
        #expect(TrainedOutcome.byVariant(try space.records("out")) == TrainedOutcome.byVariant(try space.records("ref")))
    }

    @Test func determinismAcrossJobCounts() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        let one = try GradbookProcess.run(["run", notebook, "--out", "one", "--jobs", "1", "--quiet"], in: space.folder)
        let two = try GradbookProcess.run(["run", notebook, "--out", "two", "--jobs", "2", "--quiet"], in: space.folder)
        #expect(one.status == 0 && two.status == 0, "\(one.stderr)\n\(two.stderr)")
        let first = TrainedOutcome.byVariant(try space.records("one"))
        #expect(first.count == 5)
        #expect(first == TrainedOutcome.byVariant(try space.records("two")))
    }

    @Test func aCrashingVariantFailsAloneAndTheSweepGoesOn() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        let result = try GradbookProcess.run(["run", notebook, "--out", "out", "--jobs", "2", "--no-progress"],
                                             in: space.folder, environment: [crash: "slow"])
        #expect(result.status == 1, "\(result.stderr)")
        let records = try space.records("out")
        #expect(records.count == 5)
        let failed = try #require(records.first { $0.experiment == "slow" })
        #expect(failed.status == .failed)
        #expect(failed.reason?.contains("SIGABRT") == true, "\(failed.reason ?? "")")
        #expect(failed.reason?.contains("test hook") == true, "stderr tail in the reason: \(failed.reason ?? "")")
        #expect(records.filter { $0.experiment == "grid" }.allSatisfy { $0.status == .ok })

        // Resume reruns only the failed variant (now healthy).
        let resumed = try GradbookProcess.run(["run", notebook, "--out", "out", "--no-progress"], in: space.folder)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try space.records("out").allSatisfy { $0.status == .ok })
    }

    @Test func aHungVariantTimesOut() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        let result = try GradbookProcess.run(["run", notebook, "--out", "out", "--jobs", "2", "--timeout", "2s", "--no-progress"],
                                             in: space.folder, environment: [hang: "slow"])
        #expect(result.status == 1, "\(result.stderr)")
        let records = try space.records("out")
        let slow = try #require(records.first { $0.experiment == "slow" })
        #expect(slow.status == .timed_out)
        #expect(slow.reason?.contains("timed out") == true)
        #expect(records.filter { $0.experiment == "grid" }.count == 4)
    }

    @Test func sigintStopsKeepsFinishedRunsAndExits130() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        let running = try GradbookProcess(["run", notebook, "--out", "out", "--jobs", "2", "--no-progress"],
                                          in: space.folder, environment: [hang: "slow"])
        space.waitUntil { space.recordFiles("out", experiment: "grid").count == 4 }
        running.signal(SIGINT)
        #expect(running.wait() == 130, "\(running.stderr)")
        #expect(running.stderr.contains("interrupted"), "\(running.stderr)")
        #expect(space.recordFiles("out", experiment: "grid").count == 4)
        #expect(space.recordFiles("out", experiment: "slow").isEmpty, "an interrupted run leaves no record")
        #expect(try space.records("out").allSatisfy { $0.status == .ok })
    }

    @Test func shardsSplitThePlanAndTogetherCoverIt() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        for shard in ["1/2", "2/2"] {
            let result = try GradbookProcess.run(["run", notebook, "--out", "out", "--shard", shard, "--jobs", "1", "--quiet"],
                                                 in: space.folder)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let records = try space.records("out")
        #expect(records.count == 5)
        let shards = Dictionary(grouping: records, by: { $0.shard ?? "none" }).mapValues(\.count)
        #expect(Set(shards.keys) == ["1/2", "2/2"])
        #expect((shards["1/2"] ?? 0) + (shards["2/2"] ?? 0) == 5)
    }

    @Test func invalidNotebookExits2AndCreatesNothing() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write("title: Broken\ncells:\n  - experiment:\n      name: x\n      parameters:\n        training.learnin_rate: {values: [1]}\n", name: "broken.yaml")
        let result = try GradbookProcess.run(["run", notebook, "--out", "out"], in: space.folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("broken.yaml:"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(space.folder)/out"))
    }

    private func modificationTimes(_ space: Workspace, out: String) throws -> [String: Date] {
        var times: [String: Date] = [:]
        for experiment in ["grid", "slow"] {
            for name in space.recordFiles(out, experiment: experiment) {
                let path = "\(space.folder)/\(out)/tiny/runs/\(experiment)/\(name)"
                times[path] = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
            }
        }
        return times
    }
}
