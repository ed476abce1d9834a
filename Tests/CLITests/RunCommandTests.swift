import Foundation
import Notebook
import Records
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
                                         in: space.folder, environment: space.markerEnvironment.merging([hang: "slow"]) { $1 })
        space.waitUntil { space.recordFiles("out", experiment: "grid").count == 4 }
        #expect(space.recordFiles("out", experiment: "grid").count == 4)
        doomed.signal(SIGKILL)
        #expect(doomed.wait() == 128 + SIGKILL)
        // The hung worker notices its parent is gone and exits: no orphan keeps a core busy.
        space.waitUntil { space.markedProcesses().isEmpty }
        #expect(space.markedProcesses().isEmpty)
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

    @Test(arguments: [SIGINT, SIGTERM])
    func aStopSignalStopsKeepsFinishedRunsAndExits130(signal: Int32) throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        let running = try GradbookProcess(["run", notebook, "--out", "out", "--jobs", "2", "--no-progress"],
                                          in: space.folder, environment: [hang: "slow"])
        space.waitUntil { space.recordFiles("out", experiment: "grid").count == 4 }
        running.signal(signal)
        #expect(running.wait() == 130, "\(running.stderr)")
        #expect(running.stderr.contains("interrupted"), "\(running.stderr)")
        #expect(space.recordFiles("out", experiment: "grid").count == 4)
        #expect(space.recordFiles("out", experiment: "slow").isEmpty, "an interrupted run leaves no record")
        #expect(try space.records("out").allSatisfy { $0.status == .ok })
        let report = try String(contentsOfFile: "\(space.folder)/out/tiny/report.md", encoding: .utf8)
        #expect(report.lowercased().contains("incomplete"), "the report says it is incomplete")
    }

    @Test func aSecondSigintEndsAtOnceWithoutOrphans() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        let running = try GradbookProcess(["run", notebook, "--out", "out", "--jobs", "2", "--no-progress"],
                                          in: space.folder, environment: space.markerEnvironment.merging([hang: "slow"]) { $1 })
        space.waitUntil { space.recordFiles("out", experiment: "grid").count == 4 }
        running.signal(SIGINT)
        usleep(50_000)  // two signals sent back to back could merge into one pending signal
        running.signal(SIGINT)
        #expect(running.wait() == 130, "\(running.stderr)")
        space.waitUntil { space.markedProcesses().isEmpty }
        #expect(space.markedProcesses().isEmpty)
        #expect(space.recordFiles("out", experiment: "grid").count == 4)
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

    @Test func badOptionValuesExit2() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        for arguments in [["--shard", "3/2"], ["--jobs", "0"], ["--timeout", "soon"]] {
            let result = try GradbookProcess.run(["run", notebook, "--out", "out"] + arguments, in: space.folder)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(arguments[0]), "\(result.stderr)")
        }
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

/// Saved weights and folder runs.
@Suite(.serialized)
struct RunCommandOutputTests {
    @Test func saveBestKeepsOnlyTheBestRunsWeights() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write(Workspace.notebook.replacingOccurrences(of: "save: none", with: "save: best"))
        for _ in 0..<2 {  // the second run resumes (nothing to train) and must keep the choice
            let result = try GradbookProcess.run(["run", notebook, "--out", "out", "--jobs", "2", "--quiet"], in: space.folder)
            #expect(result.status == 0, "\(result.stderr)")
            let grid = try space.records("out").filter { $0.experiment == "grid" }
            let best = try #require(grid.sorted { left, right in
                let (a, b) = (left.finalMetrics["val_accuracy"] ?? -1, right.finalMetrics["val_accuracy"] ?? -1)
                return a != b ? a > b : (left.label, left.variant) < (right.label, right.variant)
            }.first)
            let folder = "\(space.folder)/out/tiny/runs/grid"
            let weights = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".safetensors") }
            #expect(weights == ["\(best.variant).safetensors"])
            // Records never claim save: best weights; the pointer file names the holder.
            #expect(grid.allSatisfy { $0.weightsFile == nil })
            let pointer = try JSONDecoder().decode(BestWeightsPointer.self, from: Data(contentsOf: URL(fileURLWithPath: "\(folder)/best-weights.json")))
            #expect(pointer.variant == best.variant && pointer.label == best.label)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(best.variant).safetensors"))
            #expect(bytes.count > 8, "a safetensors header and tensors")
        }
    }

    @Test func aFolderRunsEveryNotebookAndWritesAnIndex() throws {
        let space = try Workspace()
        defer { space.remove() }
        try FileManager.default.createDirectory(atPath: "\(space.folder)/nbs", withIntermediateDirectories: true)
        let small = Workspace.notebook.replacingOccurrences(of: "{values: [0.01, 0.1]}", with: "{values: [0.1]}")
        _ = try space.write(small, name: "nbs/first.yaml")
        _ = try space.write(small.replacingOccurrences(of: "Tiny runner sweep", with: "Second"), name: "nbs/second.yaml")
        let result = try GradbookProcess.run(["run", "nbs", "--out", "out", "--jobs", "2", "--quiet"], in: space.folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try space.records("out", stem: "first").count == 3)
        #expect(try space.records("out", stem: "second").count == 3)
        let index = try String(contentsOfFile: "\(space.folder)/out/README.md", encoding: .utf8)
        #expect(index.contains("first/report.md") && index.contains("second/report.md"), "\(index)")
    }

    @Test func oneBrokenNotebookInAFolderStopsEverythingBeforeTraining() throws {
        let space = try Workspace()
        defer { space.remove() }
        try FileManager.default.createDirectory(atPath: "\(space.folder)/nbs", withIntermediateDirectories: true)
        _ = try space.write(name: "nbs/good.yaml")
        _ = try space.write("title: Bad\ncells: 3\n", name: "nbs/bad.yaml")
        let result = try GradbookProcess.run(["run", "nbs", "--out", "out"], in: space.folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.yaml"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(space.folder)/out"))
    }
}
