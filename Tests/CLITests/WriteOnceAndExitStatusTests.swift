import Foundation
import Records
import Testing

/// Records are written once, also under `save: best` across a SIGKILL and a resume; and every
/// command exits 2 on invalid input (notebook or option) without creating anything.
@Suite(.serialized)
struct WriteOnceAndExitStatusTests {
    let hang = "GRADBOOK_TEST_HANG_VARIANT"
    static let saveBest = Workspace.notebook.replacingOccurrences(of: "save: none", with: "save: best")

    /// The best run of `records` as the report ranks them: higher val_accuracy, then smaller label, then id.
    private func best(_ records: [RunRecord]) throws -> RunRecord {
        try #require(records.filter { $0.status.isFinished }.sorted { left, right in
            let (a, b) = (left.finalMetrics["val_accuracy"] ?? -1, right.finalMetrics["val_accuracy"] ?? -1)
            return a != b ? a > b : (left.label, left.variant) < (right.label, right.variant)
        }.first)
    }

    /// Every record file of `out` by path, as bytes.
    private func recordBytes(_ space: Workspace, out: String) throws -> [String: Data] {
        var bytes: [String: Data] = [:]
        for experiment in ["grid", "slow"] {
            for name in space.recordFiles(out, experiment: experiment) {
                let path = "\(space.folder)/\(out)/tiny/runs/\(experiment)/\(name)"
                bytes[path] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return bytes
    }

    @Test func sigkilledSaveBestSweepResumesWithoutRewritingAnyRecord() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write(Self.saveBest)
        // The reference sweep says which grid run is the best: the kill lands while that run
        // hangs, so before the kill a worse run holds the weights, and after the resume the best
        // one displaces it (the case in which records used to be rewritten).
        let reference = try GradbookProcess.run(["run", notebook, "--out", "ref", "--jobs", "2", "--quiet"], in: space.folder)
        #expect(reference.status == 0, "\(reference.stderr)")
        let winner = try best(try space.records("ref").filter { $0.experiment == "grid" })

        let doomed = try GradbookProcess(["run", notebook, "--out", "out", "--jobs", "2", "--no-progress"], in: space.folder,
                                         environment: space.markerEnvironment.merging([hang: "grid/\(winner.label)"]) { $1 })
        space.waitUntil {
            space.recordFiles("out", experiment: "grid").count == 3 && space.recordFiles("out", experiment: "slow").count == 1
        }
        #expect(space.recordFiles("out", experiment: "grid").count == 3)
        doomed.signal(SIGKILL)
        #expect(doomed.wait() == 128 + SIGKILL)
        space.waitUntil { space.markedProcesses().isEmpty }
        let before = try recordBytes(space, out: "out")
        #expect(before.count == 4)

        let resumed = try GradbookProcess.run(["run", notebook, "--out", "out", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("1 run on 1 worker, 4 already finished"), "\(resumed.stderr)")
        let after = try recordBytes(space, out: "out")
        for (path, bytes) in before { #expect(after[path] == bytes, "\(path) was rewritten") }
        #expect(after.count == 5)

        let records = try space.records("out")
        #expect(records.allSatisfy { $0.weightsFile == nil }, "save: best records claim no weights")
        #expect(TrainedOutcome.byVariant(records) == TrainedOutcome.byVariant(try space.records("ref")))
        let store = space.store("out")
        for experiment in ["grid", "slow"] {
            let holder = try best(records.filter { $0.experiment == experiment })
            let files = try FileManager.default.contentsOfDirectory(atPath: store.experimentDirectory(experiment))
            #expect(files.filter { $0.hasSuffix(".safetensors") } == ["\(holder.variant).safetensors"], "\(experiment): \(files)")
            #expect(store.bestWeights(experiment: experiment)?.variant == holder.variant)
        }
        #expect(try best(records.filter { $0.experiment == "grid" }).variant == winner.variant)
        let report = try String(contentsOfFile: "\(store.directory)/report.md", encoding: .utf8)
        #expect(report.contains("runs/grid/\(winner.variant).safetensors"), "the report names the holder")
    }

    @Test func invalidInputExitsTwoFromEveryCommandAndCreatesNothing() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        let broken = try space.write(Workspace.notebook.replacingOccurrences(of: "title:", with: "bogus: 1\ntitle:"),
                                     name: "broken.yaml")
        let cases: [(arguments: [String], mentions: String)] = [
            (["run", notebook, "--out", "out", "--shard", "0/3"], "--shard"),
            (["run", broken, "--out", "out"], "broken.yaml:1:1"),
            (["validate", broken], "broken.yaml:1:1"),
            (["plan", broken], "broken.yaml:1:1"),
            (["report", notebook, "--out", "out", "--shards", "0"], "--shards"),
            (["report", broken, "--out", "out"], "broken.yaml:1:1"),
            (["slurm", notebook, "--out", "out", "--time", "nonsense"], "--time"),
            (["slurm", notebook, "--out", "out", "--tasks", "0"], "--tasks"),
            (["slurm", broken, "--out", "out"], "broken.yaml:1:1"),
            (["datasets", "--csv", "\(space.folder)/no-such.csv"], "no-such.csv"),
        ]
        for (arguments, mentions) in cases {
            let result = try GradbookProcess.run(arguments, in: space.folder)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(mentions), "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: "\(space.folder)/out"), "\(arguments) created out/")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: space.folder).filter { !$0.hasPrefix(".") }.sorted()
        #expect(left == ["broken.yaml", "tiny.yaml"], "nothing but the notebooks: \(left)")
    }
}
