import Backprop
import Core
import Datasets
import Foundation
import Notebook
import Records
#if canImport(Glibc)
import Glibc
#endif

/// The body of `gradbook worker`: reads jobs from standard input, trains each on this one thread,
/// and reports epochs and results on standard output until its input ends.
///
/// Nothing survives from one job to the next but loaded data sets (read-only values), so a run
/// trains exactly as it would in a fresh process.
public enum WorkerLoop {
    /// Test-only hooks (never set them in real use): the worker aborts, or hangs, when it is given
    /// a variant whose id, label, `experiment/label` or experiment name equals the variable's value.
    public static let crashVariable = "GRADBOOK_TEST_CRASH_VARIANT"
    public static let hangVariable = "GRADBOOK_TEST_HANG_VARIANT"
    /// A file every worker appends `<experiment>/<variant> <pid>` to as it starts a job: how tests
    /// count how many times each run was trained, whichever process trained it.
    public static let trainedLogVariable = "GRADBOOK_TEST_TRAINED_LOG"

    /// `GRADBOOK_TEST_RESUMED_LOG`: a file every worker appends `<experiment>/<variant> <epoch>
    /// <row>` to when it resumes a run from a checkpoint (epoch 0-based, row within the epoch).
    public static let resumedLogVariable = "GRADBOOK_TEST_RESUMED_LOG"
    /// `GRADBOOK_TEST_STEP_DELAY_MS`: sleep this long at every batch boundary, so tests can signal
    /// a worker mid-run at a known pace.
    public static let stepDelayVariable = "GRADBOOK_TEST_STEP_DELAY_MS"
    /// The exit status of a worker that stopped its run at a checkpoint on a stop signal (EX_TEMPFAIL):
    /// the run is interrupted and resumable, not failed.
    public static let pausedStatus: Int32 = 75

    static let stepDelay: UInt32? = ProcessInfo.processInfo.environment[stepDelayVariable]
        .flatMap { UInt32($0) }.map { $0 * 1000 }

    /// Data sets kept per worker; older ones are dropped first.
    static let datasetCacheLimit = 4

    public static func run() -> Int32 {
        // Ctrl-C on a terminal reaches the whole process group: the parent decides what stops.
        signal(SIGINT, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        WorkerCheckpoints.installStopHandler()
        watchParent()
        var cache = DatasetCache(limit: datasetCacheLimit)
        let environment = ProcessInfo.processInfo.environment
        while let line = readLine(strippingNewline: true) {
            if line.isEmpty { continue }
            let job: WorkerJob
            do {
                job = try WorkerWire.decodeJob(from: Array(line.utf8))
            } catch {
                FileHandle.standardError.write(Data("worker: unreadable job: \(error)\n".utf8))
                return 3
            }
            applyTestHooks(job, environment: environment)
            switch train(job, cache: &cache) {
            case .finished(let trained):
                guard send(.result(trained, variant: job.variant)) else { return 4 }
            case .paused(let seconds):
                send(.paused(seconds: seconds, variant: job.variant))
                return pausedStatus
            case .band(let epochs, let seconds):
                guard send(.band(epochs: epochs, seconds: seconds, variant: job.variant)) else { return 4 }
            }
        }
        return 0
    }

    /// Trains `job`, sending each epoch (and resumption, notes, write failures) to the parent.
    static func train(_ job: WorkerJob, cache: inout DatasetCache) -> JobEnd {
        train(job, cache: &cache) { send($0) }
    }

    /// How a job ended in this worker.
    enum JobEnd {
        case finished(RunOutcome)
        /// Stopped at a checkpoint on a stop signal (after `seconds` of training in all).
        case paused(seconds: Double)
        /// Waits at its hyperband band in a written checkpoint, with its curves so far.
        case band(epochs: [EpochRecord], seconds: Double)

        var outcome: RunOutcome? {
            if case .finished(let outcome) = self { return outcome }
            return nil
        }
    }

    /// Trains `job`, resuming from its checkpoint when one fits; `report` receives every message
    /// for the parent but the final result (epochs in the data's units).
    static func train(_ job: WorkerJob, cache: inout DatasetCache, report: @escaping (WorkerMessage) -> Void) -> JobEnd {
        let data: PreparedDataset
        do {
            data = try cache.load(EngineMapping.datasetSpec(job.config.dataset, model: job.config.model))
        } catch {
            return .finished(RunOutcome(status: .failed, reason: "\(error)"))
        }
        let unknown = EngineMapping.unknownClassLabels(job.config.training.classWeight, classNames: data.classNames)
        guard unknown.isEmpty else {
            return .finished(RunOutcome(status: .failed, reason: "training.class_weight names classes the data does not have: \(unknown.joined(separator: ", "))"))
        }
        let network = EngineMapping.networkSpec(job.config.model, training: job.config.training, data: data)
        var training = EngineMapping.trainingSpec(job.config.training)
        if let spare = job.threads, SpareCores.pays(widths: network.widths, batch: training.batchRows(samples: data.train.count)) {
            training.threads = max(training.threads, spare)
        }
        let clock = ContinuousClock()
        let start = clock.now
        // The engine learns standardised regression targets; records and reports speak the data's units.
        let targetScaling = data.targetScaling
        let loss = network.loss.function(for: network.head)
        let note = { (text: String) in report(.note(text, variant: job.variant)) }
        var checkpoint = job.checkpointPath.flatMap { WorkerCheckpoints.load($0, note: note) }
        if let saved = checkpoint,
           saved.fingerprint != TrainingCheckpoint.fingerprint(network: network, training: training, data: data.train) {
            note("ignoring checkpoint \(job.checkpointPath ?? ""): it belongs to another network, training setting or data set; training from epoch 0")
            checkpoint = nil
        }
        // A run already at its band (its band report was lost to a kill) waits there untrained.
        if let band = job.pauseAfterEpoch, let saved = checkpoint, !saved.position.inEpoch, saved.position.epoch >= band {
            return .band(epochs: saved.epochs.map { $0.inOriginalUnits(targetScaling, loss: loss) }, seconds: saved.trainingSeconds)
        }
        var progress: TrainingProgress?
        var writer: WorkerCheckpoints.Writer?
        for attempt in [checkpoint, nil] where progress == nil {
            if attempt == nil && checkpoint != nil {
                report(.resumed(epochs: [], seconds: 0, variant: job.variant))
            }
            if let attempt {
                report(.resumed(epochs: attempt.epochs.map { $0.inOriginalUnits(targetScaling, loss: loss) },
                                seconds: attempt.trainingSeconds, variant: job.variant))
                logResumption(job, attempt)
            }
            writer = job.checkpointPath.map { path in
                WorkerCheckpoints.Writer(path: path, interval: job.config.training.checkpointSeconds,
                                         priorSeconds: attempt?.trainingSeconds ?? 0) { failure in
                    report(.writeFailed(failure, what: "checkpoint", variant: job.variant))
                }
            }
            var control = writer?.control ?? .uninterrupted
            control.pauseAfterEpoch = job.pauseAfterEpoch
            if let delay = stepDelay {
                let decide = control.atBoundary
                control.atBoundary = { usleep(delay); return decide() }
            }
            let measuring = TrainingCPULog.isOn
            let trainingStarted = measuring ? TrainingCPULog.threadSeconds() : 0
            var messagesCPU = 0.0
            do {
                progress = try Trainer.train(network: network, training: training, data: data.train,
                                             validation: data.validation, test: data.test, from: attempt,
                                             control: control) { record in
                    let sending = measuring ? TrainingCPULog.threadSeconds() : 0
                    report(.epoch(record.inOriginalUnits(targetScaling, loss: loss), of: training.epochs, variant: job.variant))
                    if measuring { messagesCPU += TrainingCPULog.threadSeconds() - sending }
                    return true
                }
            } catch {
                note("ignoring checkpoint \(job.checkpointPath ?? ""): \(error); training from epoch 0")
            }
            if measuring { TrainingCPULog.append(TrainingCPULog.threadSeconds() - trainingStarted - messagesCPU) }
        }
        let trainingSeconds = writer?.trainingSeconds ?? WorkerCheckpoints.Writer.seconds(clock.now - start)
        switch progress {
        case .paused(let saved):
            let written = writer?.write(saved) ?? false
            if let band = job.pauseAfterEpoch, written, !saved.position.inEpoch, saved.position.epoch == band {
                return .band(epochs: saved.epochs.map { $0.inOriginalUnits(targetScaling, loss: loss) }, seconds: trainingSeconds)
            }
            return .paused(seconds: trainingSeconds)
        case .finished(var result):
            result = result.inOriginalUnits(targetScaling)
            result.finalMetrics = ClassRecallNames.named(result.finalMetrics, classNames: data.classNames)
            var trained = RunOutcome(result, metric: job.config.metric, seconds: trainingSeconds, weightsFile: nil)
            trained.threads = training.threads > 1 ? training.threads : nil
            trained.weightsFile = saveWeights(result, of: job, trained: trained, network: network,
                                              scaling: targetScaling, report: report)
            return .finished(trained)
        case nil:
            preconditionFailure("a fresh run always trains")
        }
    }

    /// Writes the run's weights when it is worth saving; the file name, or nil. A write that
    /// fails is reported to the parent, which follows the write-failure policy.
    static func saveWeights(_ result: TrainingResult, of job: WorkerJob, trained: RunOutcome, network: NetworkSpec,
                            scaling: FeatureScaling?, report: (WorkerMessage) -> Void) -> String? {
        guard let path = job.weightsPath, worthSaving(trained, of: job) else { return nil }
        let metadata = [
            "gradbook_version": GradbookVersion.current, "experiment": job.experiment,
            "variant": job.variant, "label": job.label, "seed": String(job.seed),
            "activation": network.activation.rawValue, "head": network.head.rawValue,
            "widths": network.widths.map(String.init).joined(separator: ","),
        ].merging(targetMetadata(scaling)) { $1 }
        do {
            try AtomicFile.write(result.network.safetensors(metadata: metadata), to: path)
            return URL(fileURLWithPath: path).lastPathComponent
        } catch {
            let failure = error as? FileWriteError ?? FileWriteError(path: path, operation: "write", code: EIO)
            report(.writeFailed(failure, what: "weights", variant: job.variant))
            return nil
        }
    }

    /// `target_mean` / `target_std` (comma-separated, one per target column) when the network
    /// learned standardised targets: original prediction = output * target_std + target_mean.
    static func targetMetadata(_ scaling: FeatureScaling?) -> [String: String] {
        guard let scaling else { return [:] }
        return ["target_mean": scaling.shift.map { "\($0)" }.joined(separator: ","),
                "target_std": scaling.scale.map { "\($0)" }.joined(separator: ",")]
    }

    /// `save: all` keeps every run that did not diverge; `save: best` only a run that beats the
    /// experiment's standing best (it could not be the final best otherwise).
    static func worthSaving(_ trained: RunOutcome, of job: WorkerJob) -> Bool {
        guard trained.status != .diverged else { return false }
        guard job.config.training.save == .best else { return true }
        guard let rank = BestWeights.contender(status: trained.status, metrics: trained.finalMetrics,
                                               metric: job.config.metric, label: job.label, variant: job.variant)
        else { return false }
        guard let bar = job.weightsBar else { return true }
        return rank.beats(bar, goal: job.config.metric.goal)
    }

    /// Writes one message line to standard output; false when the parent is gone.
    @discardableResult
    static func send(_ message: WorkerMessage) -> Bool {
        guard let bytes = try? WorkerWire.encodeMessage(message) else { return false }
        return DescriptorWrite.all(bytes, to: STDOUT_FILENO) == nil
    }

    static func logResumption(_ job: WorkerJob, _ checkpoint: TrainingCheckpoint) {
        guard let log = ProcessInfo.processInfo.environment[resumedLogVariable] else { return }
        let position = checkpoint.position
        appendLine("\(job.experiment)/\(job.variant) \(position.epoch) \(position.inEpoch ? position.nextRow : 0)\n", to: log)
    }

    /// One write(2) with O_APPEND: lines of concurrent workers never interleave.
    static func appendLine(_ line: String, to log: String) {
        let descriptor = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }

    static func applyTestHooks(_ job: WorkerJob, environment: [String: String]) {
        if let log = environment[trainedLogVariable] {
            appendLine("\(job.experiment)/\(job.variant) \(getpid())\n", to: log)
        }
        let names: Set<String> = [job.variant, job.label, job.experiment, "\(job.experiment)/\(job.label)"]
        if let target = environment[crashVariable], names.contains(target) {
            FileHandle.standardError.write(Data("worker: test hook: crashing on \(job.label)\n".utf8))
            abort()
        }
        if let target = environment[hangVariable], names.contains(target) {
            while true { sleep(60) }
        }
    }

    /// Ends this worker when its parent dies (SIGKILL, a second Ctrl-C), so no orphan keeps
    /// training. Linux re-parents orphans, which `getppid` shows.
    static func watchParent() {
        let parent = getppid()
        let thread = Thread {
            while true {
                usleep(200_000)
                if getppid() != parent { _exit(0) }
            }
        }
        thread.stackSize = 64 * 1024
        thread.start()
    }
}

/// Loaded data sets of one worker, keyed by their full specification.
struct DatasetCache {
    let limit: Int
    private var entries: [(spec: DatasetSpec, data: PreparedDataset)] = []

    init(limit: Int) { self.limit = limit }

    mutating func load(_ spec: DatasetSpec) throws -> PreparedDataset {
        if let hit = entries.firstIndex(where: { $0.spec == spec }) {
            return entries[hit].data
        }
        let data = try DatasetLoader.load(spec)
        entries.append((spec, data))
        if entries.count > limit { entries.removeFirst() }
        return data
    }
}
