import Records
import Foundation
import Notebook
import Testing

/// gradbook on a real single-node Slurm cluster (Debian's packages, started by
/// `.ci/slurm-cluster.sh`): a notebook submitted as a 3-task job array plus its report job gives
/// bit-for-bit the results of a local `--jobs 2` run, and a task killed with `scancel` and
/// resubmitted completes the sweep without redoing finished runs.
@Suite(.serialized) struct SlurmIntegrationTests {
    static let notebook = """
        title: Slurm integration - a tiny sweep
        defaults:
          dataset: {name: moons, n: 2000, noise: 0.2, validation: 0.25, seed: 0}
          model: {hidden: [64, 64], activation: tanh}
          training: {optimizer: adam, batch_size: 16, epochs: 80, seed: 1, save: none}
          metric: {name: val_accuracy, goal: maximize}
        cells:
          - experiment:
              name: lr
              parameters:
                training.learning_rate: {values: [0.003, 0.01, 0.03]}
              seeds: [1, 2, 3]

        """
    static let runCount = 9
    // Runs take about half a second each here, so array task 2 (three runs, one worker) can be
    // cancelled reliably after its first run and before its last.

    @Test(.enabled(if: SlurmHarness.shouldRun,
                   "Slurm is not installed (apt-get install slurmctld slurmd slurm-client munge); CI=true makes this test mandatory"),
          // The clusters of one test process take turns, so this limit also covers waiting for the
          // requeue test's cluster (about 8 minutes on a loaded machine).
          .timeLimit(.minutes(20)))
    func shardedSweepMatchesLocalRunAndResumesAfterScancel() throws {
        let gradbook = try SlurmHarness.gradbookExecutable()
        let folder = NSTemporaryDirectory() + "gradbook-slurm-it-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let notebook = "\(folder)/tiny.yaml"
        try Self.notebook.write(toFile: notebook, atomically: true, encoding: .utf8)

        let started = Date()
        func trace(_ step: String) {
            FileHandle.standardError.write(Data(String(format: "slurm-it: %5.1fs %@\n", Date().timeIntervalSince(started), step).utf8))
        }
        let cluster = try SlurmTestCluster.start()
        defer {
            cluster.stop()
            trace("cluster stopped")
        }
        trace("cluster up")

        // The reference: the same notebook on this machine with two workers.
        let local = try SlurmHarness.run(gradbook, ["run", notebook, "--out", "\(folder)/local", "--jobs", "2", "--no-progress"])
        try #require(local.status == 0, "local run failed:\n\(local.both)")
        let reference = try records(in: "\(folder)/local/tiny")
        try #require(reference.count == Self.runCount, "local run wrote \(reference.count) records")
        trace("local run done")

        // 1. The whole sweep as a 3-task array plus the report job, waited for under a timeout.
        let submitted = try cluster.run("timeout", ["-k", "10", "150", gradbook, "slurm", notebook, "--out", "\(folder)/cluster",
                                                    "--tasks", "3", "--cpus-per-task", "1", "--time", "10", "--mem", "500M", "--wait"])
        try #require(submitted.status == 0, "gradbook slurm --wait failed:\n\(submitted.both)")
        #expect(submitted.output.contains("sweep complete: 9/9 runs finished"))
        let arrayID = try #require(Self.number(after: "submitted job array ", in: submitted.output))
        let logs = "\(folder)/cluster/tiny/slurm/logs"
        for task in 1...3 { #expect(FileManager.default.fileExists(atPath: "\(logs)/sweep_\(arrayID)_\(task).out")) }
        #expect(FileManager.default.fileExists(atPath: "\(folder)/cluster/tiny/report.md"))
        trace("array + report done")
        let sharded = try records(in: "\(folder)/cluster/tiny")
        expectSameResults(sharded, reference)
        #expect(Set(sharded.values.compactMap(\.shard)) == ["1/3", "2/3", "3/3"])

        // 2. Kill task 2 mid-shard, let the report job run, then resubmit.
        let killedOut = "\(folder)/killed"
        let first = try cluster.run(gradbook, ["slurm", notebook, "--out", killedOut, "--tasks", "3",
                                               "--cpus-per-task", "1", "--time", "10", "--mem", "500M", "--submit"])
        try #require(first.status == 0, "gradbook slurm --submit failed:\n\(first.both)")
        let killedArray = try #require(Self.number(after: "submitted job array ", in: first.output))
        let killedReport = try #require(Self.number(after: "submitted report job ", in: first.output))
        try cancelTaskTwoMidShard(cluster, array: killedArray, output: "\(killedOut)/tiny")
        try #require(try cluster.waitUntilGone([killedArray, killedReport], seconds: 120), "jobs still queued after 120 s")
        // scancel signals every process of the task, so a run in flight may be recorded as `failed`
        // (its worker was killed): such a record must be retrained; only finished runs survive.
        let survivors = try records(in: "\(killedOut)/tiny").filter { $0.value.status.isFinished }
        let lost = Self.runCount - survivors.count
        trace("task 2 cancelled with \(lost) runs unfinished, report job done")
        #expect(lost >= 1, "task 2 finished before it was cancelled: nothing was lost")
        #expect(survivors.values.filter { $0.shard != "2/3" }.count == 6, "tasks 1 and 3 should have finished")
        // The report job ran after the killed task (afterany) and says which task owes the missing runs.
        let partialReport = try String(contentsOfFile: "\(killedOut)/tiny/report.md", encoding: .utf8)
        #expect(partialReport.contains("task 2"), "the report does not name array task 2 as owner of the missing runs")
        let before = try fileStamps(survivors.keys, in: "\(killedOut)/tiny")

        let resumed = try cluster.run("timeout", ["-k", "10", "150", gradbook, "slurm", notebook, "--out", killedOut, "--tasks", "3",
                                                  "--cpus-per-task", "1", "--time", "10", "--mem", "500M", "--wait"])
        try #require(resumed.status == 0, "resubmission failed:\n\(resumed.both)")
        trace("resubmission done")
        let completed = try records(in: "\(killedOut)/tiny")
        #expect(completed.count == Self.runCount)
        expectSameResults(completed, reference)
        let after = try fileStamps(survivors.keys, in: "\(killedOut)/tiny")
        for (key, stamp) in before {
            #expect(after[key] == stamp, "\(key) was trained again: \(stamp) became \(String(describing: after[key]))")
            #expect(completed[key]?.finishedAt == survivors[key]?.finishedAt)
        }
    }

    /// Cancels array task 2 as soon as it has finished its first run (so it dies with runs left).
    func cancelTaskTwoMidShard(_ cluster: SlurmTestCluster, array: String, output: String) throws {
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            let shardTwoDone = try records(in: output).values.contains { $0.shard == "2/3" }
            if shardTwoDone { break }
            if try cluster.state(of: "\(array)_2") == nil {
                Issue.record("array task 2 ended before any of its runs was seen")
                break
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let cancel = try cluster.run("scancel", ["\(array)_2"])
        #expect(cancel.status == 0, "scancel failed:\n\(cancel.both)")
    }

    /// Records by `experiment/variant`.
    func records(in directory: String) throws -> [String: RunRecord] {
        let records = try RunRecordStore(directory: directory).scan().records
        return Dictionary(records.map { ("\($0.experiment)/\($0.variant)", $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Final metrics and every per-epoch value must be identical to the bit.
    func expectSameResults(_ actual: [String: RunRecord], _ expected: [String: RunRecord]) {
        #expect(Set(actual.keys) == Set(expected.keys))
        for (key, want) in expected {
            guard let got = actual[key] else { continue }
            #expect(got.status == want.status, "\(key)")
            #expect(Self.bits(got.finalMetrics) == Self.bits(want.finalMetrics), "final metrics of \(key) differ")
            #expect(got.epochs.count == want.epochs.count, "\(key)")
            for (gotEpoch, wantEpoch) in zip(got.epochs, want.epochs) {
                #expect(Self.bits(gotEpoch.metrics) == Self.bits(wantEpoch.metrics), "\(key) epoch \(wantEpoch.epoch)")
                #expect(gotEpoch.learningRate.bitPattern == wantEpoch.learningRate.bitPattern, "\(key) epoch \(wantEpoch.epoch)")
            }
        }
    }

    /// The modification time and size of each record file (a rewrite changes them).
    func fileStamps(_ keys: some Sequence<String>, in directory: String) throws -> [String: String] {
        var stamps: [String: String] = [:]
        for key in keys {
            let attributes = try FileManager.default.attributesOfItem(atPath: "\(directory)/runs/\(key).json")
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            stamps[key] = "mtime \(modified) inode \(attributes[.systemFileNumber] ?? "?")"
        }
        return stamps
    }

    static func bits(_ metrics: [String: Double]) -> [String: UInt64] {
        metrics.mapValues(\.bitPattern)
    }

    /// The number printed right after `prefix` in `text`.
    static func number(after prefix: String, in text: String) -> String? {
        guard let range = text.range(of: prefix) else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isNumber }
        return digits.isEmpty ? nil : String(digits)
    }
}
