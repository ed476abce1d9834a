import Foundation
import Records
import Testing

/// Mid-run checkpoints through real processes and real signals: a run killed or stopped in the
/// middle resumes from its checkpoint on the next `gradbook run`, and its record and weights are
/// the bits of a run never interrupted.
@Suite(.serialized)
struct CheckpointResumeCommandTests {
    /// One run with every kind of state: dropout and batch norm (two RNG streams, running
    /// statistics), Adam moments, a warm-up then cosine schedule, early stopping with restore-best.
    /// 90 training rows in batches of 16: 6 steps an epoch, a checkpoint at every step.
    static func notebook(timeout: String? = nil) -> String {
        """
        title: Checkpoints
        defaults:
          dataset: {name: moons, n: 120, validation: 0.25, seed: 0}
          model: {hidden: [8, 6], activation: relu, dropout: 0.2, norm: batch}
          training:
            optimizer: adam
            learning_rate: 0.03
            batch_size: 16
            epochs: 12
            schedule: cosine
            warmup: 1
            early_stopping: {patience: 3, restore_best: true}
            seed: 4
            save: all
            checkpoint: 0\(timeout.map { "\n    timeout: \($0)" } ?? "")
        cells:
          - experiment:
              name: one
              parameters:
                training.learning_rate: {values: [0.03]}
        """
    }

    struct Paths {
        let space: Workspace
        let out: String
        var runs: String { "\(space.folder)/\(out)/tiny/runs/one" }
        func files(_ suffix: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []).filter { $0.hasSuffix(suffix) }.sorted()
        }
        var checkpoints: [String] { files(".checkpoint") }
        func weights() throws -> [Data] {
            try files(".safetensors").map { try Data(contentsOf: URL(fileURLWithPath: "\(runs)/\($0)")) }
        }
    }

    private func resumptions(_ log: String) -> [String] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// The uninterrupted reference: records and weights.
    private func reference(_ space: Workspace, notebook: String) throws -> (records: [String: TrainedOutcome], weights: [Data]) {
        let run = try GradbookProcess.run(["run", notebook, "--out", "ref", "--jobs", "1", "--quiet"], in: space.folder)
        #expect(run.status == 0, "\(run.stderr)")
        let paths = Paths(space: space, out: "ref")
        #expect(paths.checkpoints.isEmpty, "a finished run leaves no checkpoint")
        return (TrainedOutcome.byVariant(try space.records("ref")), try paths.weights())
    }

    /// Starts a slowed-down run and waits until it has written a checkpoint some steps in.
    private func startInterruptible(_ space: Workspace, notebook: String, out: String, delay: Int = 40,
                                    settle: useconds_t = 700_000) throws -> GradbookProcess {
        let environment = ["GRADBOOK_TEST_STEP_DELAY_MS": "\(delay)"].merging(space.markerEnvironment) { $1 }
        let running = try GradbookProcess(["run", notebook, "--out", out, "--jobs", "1", "--quiet"], in: space.folder,
                                          environment: environment)
        let paths = Paths(space: space, out: out)
        space.waitUntil { !paths.checkpoints.isEmpty }
        usleep(settle)
        #expect(!paths.checkpoints.isEmpty, "no checkpoint appeared: \(running.stderr)")
        #expect(try space.records(out).isEmpty, "the run ended before it could be interrupted")
        return running
    }

    private func resume(_ space: Workspace, notebook: String, out: String, log: String) throws -> (status: Int32, stderr: String) {
        try GradbookProcess.run(["run", notebook, "--out", out, "--jobs", "1", "--quiet"], in: space.folder,
                                environment: ["GRADBOOK_TEST_RESUMED_LOG": log])
    }

    @Test func aRunKilledMidwayResumesToTheUninterruptedBits() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write(Self.notebook())
        let expected = try reference(space, notebook: notebook)

        let running = try startInterruptible(space, notebook: notebook, out: "killed")
        // SIGKILL the parent and its worker at once: a power cut, the OOM killer, `kill -9`.
        for pid in space.markedProcesses() { kill(pid, SIGKILL) }
        _ = running.wait()
        // Both were SIGKILLed: gone (a worker may linger as an unreaped zombie, holding nothing).
        usleep(300_000)
        let paths = Paths(space: space, out: "killed")
        #expect(paths.checkpoints.count == 1)
        #expect(try space.records("killed").isEmpty)

        let log = "\(space.folder)/resumed.log"
        let resumed = try resume(space, notebook: notebook, out: "killed", log: log)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let lines = resumptions(log)
        #expect(lines.count == 1, "the run resumed from its checkpoint once: \(lines)")
        #expect(lines.first.map { !$0.hasSuffix(" 0 0") } ?? false, "resumed past the start: \(lines)")
        #expect(TrainedOutcome.byVariant(try space.records("killed")) == expected.records)
        #expect(try paths.weights() == expected.weights, "weights files are byte-identical")
        #expect(paths.checkpoints.isEmpty, "the checkpoint goes once the record is written")
        #expect(paths.files(".claim").isEmpty)
    }

    @Test func aWorkerKilledAloneLeavesAFailedRecordAndItsRerunResumes() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write(Self.notebook())
        let expected = try reference(space, notebook: notebook)
        let running = try startInterruptible(space, notebook: notebook, out: "crashed")
        for pid in space.markedProcesses() where pid != running.process.processIdentifier { kill(pid, SIGKILL) }
        #expect(running.wait() == 1, "a failed run: \(running.stderr)")
        let paths = Paths(space: space, out: "crashed")
        #expect(try space.records("crashed").map(\.status) == [.failed])
        #expect(paths.checkpoints.count == 1, "a failed record keeps the checkpoint for the rerun")

        let log = "\(space.folder)/resumed.log"
        let resumed = try resume(space, notebook: notebook, out: "crashed", log: log)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumptions(log).count == 1)
        #expect(TrainedOutcome.byVariant(try space.records("crashed")) == expected.records)
        #expect(try paths.weights() == expected.weights)
        #expect(paths.checkpoints.isEmpty)
    }

    @Test func sigtermCheckpointsTheRunningVariantAndTheNextRunFinishesIt() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write(Self.notebook())
        let expected = try reference(space, notebook: notebook)

        let running = try startInterruptible(space, notebook: notebook, out: "stopped")
        running.signal(SIGTERM)
        #expect(running.wait() == 130, "\(running.stderr)")
        let paths = Paths(space: space, out: "stopped")
        #expect(paths.checkpoints.count == 1)
        #expect(try space.records("stopped").isEmpty, "an interrupted run writes no record")
        #expect(paths.files(".tmp").isEmpty, "nothing half-written")

        let log = "\(space.folder)/resumed.log"
        let resumed = try resume(space, notebook: notebook, out: "stopped", log: log)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumptions(log).count == 1)
        #expect(TrainedOutcome.byVariant(try space.records("stopped")) == expected.records)
        #expect(try paths.weights() == expected.weights)
        #expect(paths.checkpoints.isEmpty)
    }

    @Test func sigusr1ToAWorkerAloneResumesItInTheSameSweep() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write(Self.notebook())
        let expected = try reference(space, notebook: notebook)
        let log = "\(space.folder)/resumed.log"
        let environment = ["GRADBOOK_TEST_STEP_DELAY_MS": "40", "GRADBOOK_TEST_RESUMED_LOG": log]
            .merging(space.markerEnvironment) { $1 }
        let running = try GradbookProcess(["run", notebook, "--out", "usr1", "--jobs", "1", "--quiet"], in: space.folder,
                                          environment: environment)
        let paths = Paths(space: space, out: "usr1")
        space.waitUntil { !paths.checkpoints.isEmpty }
        usleep(500_000)
        let workers = space.markedProcesses().filter { $0 != running.process.processIdentifier }
        #expect(workers.count == 1)
        for pid in workers { kill(pid, SIGUSR1) }
        #expect(running.wait() == 0, "\(running.stderr)")
        #expect(resumptions(log).count == 1, "a new worker resumed the run")
        #expect(TrainedOutcome.byVariant(try space.records("usr1")) == expected.records)
        #expect(try paths.weights() == expected.weights)
    }

    @Test func theTimeoutCountsTrainingTimeAcrossResumes() throws {
        let space = try Workspace()
        defer { space.remove() }
        // Early stopping ends this run after ~50 boundaries; at 150 ms each that is ~7.5 s of
        // training however fast the machine is (at 100 ms an idle machine finished it in 4.9 s).
        // Stopped after ~3.5 s, the rest (~4 s) fits in a fresh 5 s limit, but not in what is left.
        let notebook = try space.write(Self.notebook(timeout: "5s"))
        let running = try startInterruptible(space, notebook: notebook, out: "timed", delay: 150, settle: 3_500_000)
        running.signal(SIGTERM)
        #expect(running.wait() == 130, "\(running.stderr)")
        let log = "\(space.folder)/resumed.log"
        let resumed = try GradbookProcess.run(["run", notebook, "--out", "timed", "--jobs", "1", "--quiet"], in: space.folder,
                                              environment: ["GRADBOOK_TEST_RESUMED_LOG": log, "GRADBOOK_TEST_STEP_DELAY_MS": "150"])
        #expect(resumed.status == 1, "\(resumed.stderr)")
        #expect(resumptions(log).count == 1)
        let record = try #require(try space.records("timed").first)
        #expect(record.status == .timed_out, "\(record.reason ?? "")")
        #expect(record.seconds >= 5, "training time over both processes: \(record.seconds)")
        #expect(Paths(space: space, out: "timed").checkpoints.isEmpty, "a timed-out record ends the checkpoint")
    }

    @Test func aCorruptCheckpointIsIgnoredWithANoteAndTheRunRestarts() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write(Self.notebook())
        let expected = try reference(space, notebook: notebook)
        let running = try startInterruptible(space, notebook: notebook, out: "corrupt")
        running.signal(SIGTERM)
        #expect(running.wait() == 130)
        let paths = Paths(space: space, out: "corrupt")
        let file = "\(paths.runs)/\(try #require(paths.checkpoints.first))"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        bytes[bytes.count / 2] ^= 0x5A
        try bytes.write(to: URL(fileURLWithPath: file))

        let log = "\(space.folder)/resumed.log"
        let resumed = try resume(space, notebook: notebook, out: "corrupt", log: log)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("ignoring checkpoint"), "\(resumed.stderr)")
        #expect(resumed.stderr.contains("checksum"), "\(resumed.stderr)")
        #expect(resumptions(log).isEmpty, "trained from epoch 0")
        #expect(TrainedOutcome.byVariant(try space.records("corrupt")) == expected.records)
        #expect(try paths.weights() == expected.weights)
        #expect(paths.checkpoints.isEmpty)
    }
}
