import Foundation
import Records
import Testing

/// Preemption and time limits on the real single-node cluster: a task requeued while it trains
/// (`scontrol requeue`) and a task that reaches its time limit (the batch script's USR1 trap
/// requeues it) both resume their in-flight run from its checkpoint, finish the sweep with the
/// bits of a local run, and never retrain a finished run.
@Suite(.serialized) struct SlurmRequeueTests {
    /// Two runs of 10 epochs x 10 steps, a checkpoint at every step. Workers sleep
    /// `GRADBOOK_TEST_STEP_DELAY_MS` per step (inherited through sbatch), so runs last long enough
    /// to be caught in flight.
    static let notebook = """
        title: Slurm requeue
        defaults:
          dataset: {name: moons, n: 200, validation: 0.25, seed: 0}
          model: {hidden: [8], activation: tanh, dropout: 0.1}
          training: {optimizer: adam, batch_size: 16, epochs: 10, seed: 1, save: all, checkpoint: 0}
        cells:
          - experiment:
              name: lr
              parameters:
                training.learning_rate: {values: [0.01, 0.05]}

        """

    struct Sweep {
        let folder: String
        var runs: String { "\(folder)/tiny/runs/lr" }
        var names: [String] { (try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? [] }
        var checkpoints: [String] { names.filter { $0.hasSuffix(".checkpoint") } }
        func records() throws -> [String: RunRecord] {
            let records = try RunRecordStore(directory: "\(folder)/tiny").scan().records
            return Dictionary(records.map { ("\($0.experiment)/\($0.variant)", $0) }, uniquingKeysWith: { a, _ in a })
        }
        func weights() throws -> [String: Data] {
            Dictionary(try names.filter { $0.hasSuffix(".safetensors") }.map {
                ($0, try Data(contentsOf: URL(fileURLWithPath: "\(runs)/\($0)")))
            }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Polls until no job of `jobs` is queued. Unlike `waitUntilGone`, a failing `squeue` (a
    /// controller busy under load) counts as gone only when it says the ids are purged.
    func waitUntilGone(_ cluster: SlurmTestCluster, _ jobs: [String], seconds: Double) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let queued = try cluster.run("squeue", ["-h", "-j", jobs.joined(separator: ","), "-o", "%i"])
            if queued.status == 0 && queued.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return true }
            if queued.status != 0 && queued.both.contains("Invalid job id") { return true }
            Thread.sleep(forTimeInterval: 0.5)
        }
        return false
    }

    func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func expectSame(_ got: Sweep, as want: Sweep) throws {
        let (a, b) = (try got.records(), try want.records())
        #expect(Set(a.keys) == Set(b.keys))
        for (key, expected) in b {
            #expect(a[key].map(TrainedOutcome.init) == TrainedOutcome(expected), "\(key) differs from the local run")
        }
        #expect(try got.weights() == want.weights(), "weights differ from the local run")
        #expect(got.checkpoints.isEmpty, "checkpoints left: \(got.names)")
    }

    @Test(.enabled(if: SlurmHarness.shouldRun,
                   "Slurm is not installed (apt-get install slurmctld slurmd slurm-client munge); CI=true makes this test mandatory"),
          // Includes waiting for the integration test's cluster (the clusters take turns).
          .timeLimit(.minutes(20)))
    func requeuedAndTimeLimitedTasksResumeFromTheirCheckpoints() throws {
        let gradbook = try SlurmHarness.gradbookExecutable()
        let folder = NSTemporaryDirectory() + "gradbook-slurm-requeue-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let notebook = "\(folder)/tiny.yaml"
        try Self.notebook.write(toFile: notebook, atomically: true, encoding: .utf8)
        let started = Date()
        func trace(_ step: String) {
            FileHandle.standardError.write(Data(String(format: "slurm-requeue: %5.1fs %@\n", Date().timeIntervalSince(started), step).utf8))
        }
        let cluster = try SlurmTestCluster.start()
        defer { cluster.stop() }

        let local = try SlurmHarness.run(gradbook, ["run", notebook, "--out", "\(folder)/local", "--jobs", "1", "--no-progress"])
        try #require(local.status == 0, "local run failed:\n\(local.both)")
        let reference = Sweep(folder: "\(folder)/local")
        trace("local run done")

        // 1. `scontrol requeue` of the running task once its first run has a checkpoint.
        do {
            let sweep = Sweep(folder: "\(folder)/requeued")
            let trainedLog = "\(folder)/requeued-trained.log", resumedLog = "\(folder)/requeued-resumed.log"
            let submitted = try cluster.run("env", [
                "GRADBOOK_TEST_STEP_DELAY_MS=40", "GRADBOOK_TEST_TRAINED_LOG=\(trainedLog)",
                "GRADBOOK_TEST_RESUMED_LOG=\(resumedLog)",
                gradbook, "slurm", notebook, "--out", sweep.folder, "--tasks", "1", "--cpus-per-task", "1",
                "--time", "10", "--mem", "500M", "--submit"])
            try #require(submitted.status == 0, "gradbook slurm --submit failed:\n\(submitted.both)")
            let array = try #require(SlurmIntegrationTests.number(after: "submitted job array ", in: submitted.output))
            let report = try #require(SlurmIntegrationTests.number(after: "submitted report job ", in: submitted.output))
            let deadline = Date().addingTimeInterval(90)
            while sweep.checkpoints.isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
            Thread.sleep(forTimeInterval: 1)
            try #require(try sweep.records().isEmpty, "the first run ended before the requeue")
            let requeue = try cluster.run("scontrol", ["requeue", "\(array)_1"])
            try #require(requeue.status == 0, "scontrol requeue failed:\n\(requeue.both)")
            trace("task requeued")
            try #require(try waitUntilGone(cluster, [array, report], seconds: 240), "jobs still queued after 240 s")
            trace("requeued sweep done")
            try expectSame(sweep, as: reference)
            #expect(lines(resumedLog).count >= 1, "the requeued task resumed from a checkpoint: \(lines(resumedLog))")
            let trained = lines(trainedLog).map { String($0.split(separator: " ")[0]) }
            #expect(trained.count == 3, "one run started twice (resumed), the other once: \(trained)")
        }

        // 2. A task whose time limit (2 minutes) is shorter than its shard (~2 x 100 steps x 0.5 s):
        //    the USR1 warning checkpoints and requeues it until the sweep is done.
        do {
            let sweep = Sweep(folder: "\(folder)/limited")
            let trainedLog = "\(folder)/limited-trained.log", resumedLog = "\(folder)/limited-resumed.log"
            let submitted = try cluster.run("env", [
                "GRADBOOK_TEST_STEP_DELAY_MS=500", "GRADBOOK_TEST_TRAINED_LOG=\(trainedLog)",
                "GRADBOOK_TEST_RESUMED_LOG=\(resumedLog)",
                gradbook, "slurm", notebook, "--out", sweep.folder, "--tasks", "1", "--cpus-per-task", "1",
                "--time", "2", "--mem", "500M", "--submit"])
            try #require(submitted.status == 0, "gradbook slurm --submit failed:\n\(submitted.both)")
            let array = try #require(SlurmIntegrationTests.number(after: "submitted job array ", in: submitted.output))
            let report = try #require(SlurmIntegrationTests.number(after: "submitted report job ", in: submitted.output))
            try #require(try waitUntilGone(cluster, [array, report], seconds: 420), "jobs still queued after 420 s")
            trace("time-limited sweep done")
            let log = (try? String(contentsOfFile: "\(sweep.folder)/tiny/slurm/logs/sweep_\(array)_1.out", encoding: .utf8)) ?? ""
            #expect(log.contains("time limit near: requeueing \(array)_1"), "\(log)")
            try expectSame(sweep, as: reference)
            #expect(lines(resumedLog).count >= 1, "\(lines(resumedLog))")
            // Each finished run was trained by exactly one process after its last resume: no record twice.
            let finishedTwice = try sweep.records().values.filter { $0.status != .ok && $0.status != .early_stopped }
            #expect(finishedTwice.isEmpty)
        }
    }
}
