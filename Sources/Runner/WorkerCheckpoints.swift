import Backprop
import Core
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// Set by SIGTERM / SIGUSR1 in a worker; read at every batch boundary. A plain word written by
// the handler and read by the training thread: the handler does nothing else.
nonisolated(unsafe) private var workerStopSignal: sig_atomic_t = 0

private func handleWorkerStop(_ signal: Int32) { workerStopSignal = 1 }

/// A worker's side of mid-run checkpoints: the stop signal, reading the checkpoint a run resumes
/// from, and the control that writes new ones every `training.checkpoint` of training time.
enum WorkerCheckpoints {
    /// SIGTERM (the parent's forward, `scancel`, a shutdown) and SIGUSR1 (Slurm's warning before
    /// the time limit) ask the worker to checkpoint at the next batch boundary and exit.
    static func installStopHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handleWorkerStop
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGTERM, &action, nil)
        sigaction(SIGUSR1, &action, nil)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGUSR1)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    static var stopRequested: Bool { workerStopSignal != 0 }

    /// The checkpoint at `path`, nil when there is none; a file that cannot be used is reported
    /// through `note` (and left for the next checkpoint to replace).
    static func load(_ path: String, note: (String) -> Void) -> TrainingCheckpoint? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try TrainingCheckpoint(decoding: Array(data))
        } catch {
            note("ignoring checkpoint \(path): \(error); training from epoch 0")
            return nil
        }
    }

    /// Writes checkpoints of one run: every `interval` seconds of training (nil: only on a stop
    /// signal), each stamped with the training time so far. The first write that fails is
    /// reported to `failed` and ends this run's checkpoints (the run itself trains on).
    final class Writer {
        let path: String
        let interval: Double?
        let priorSeconds: Double
        private let clock = ContinuousClock()
        private let started: ContinuousClock.Instant
        private var lastWrite: ContinuousClock.Instant
        private var broken = false
        let failed: (FileWriteError) -> Void

        init(path: String, interval: Double?, priorSeconds: Double, failed: @escaping (FileWriteError) -> Void) {
            self.path = path
            self.interval = interval
            self.priorSeconds = priorSeconds
            self.failed = failed
            started = clock.now
            lastWrite = started
        }

        /// Training time over every resume, now.
        var trainingSeconds: Double { priorSeconds + Self.seconds(clock.now - started) }

        var control: TrainingControl {
            TrainingControl(atBoundary: { [self] in
                if WorkerCheckpoints.stopRequested { return .pause }
                guard let interval, !broken, Self.seconds(clock.now - lastWrite) >= interval else { return .proceed }
                return .checkpoint
            }, save: { [self] checkpoint in write(checkpoint) })
        }

        /// Writes `checkpoint` atomically; false when it could not be written.
        @discardableResult
        func write(_ checkpoint: TrainingCheckpoint) -> Bool {
            guard !broken else { return false }
            var stamped = checkpoint
            stamped.trainingSeconds = trainingSeconds
            lastWrite = clock.now
            do {
                try AtomicFile.write(stamped.encoded(), to: path)
                return true
            } catch let error as FileWriteError {
                broken = true
                failed(error)
                return false
            } catch {
                broken = true
                failed(FileWriteError(path: path, operation: "write", code: EIO))
                return false
            }
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }
    }
}
