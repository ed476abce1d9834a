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

    /// Data sets kept per worker; older ones are dropped first.
    static let datasetCacheLimit = 4

    public static func run() -> Int32 {
        // Ctrl-C on a terminal reaches the whole process group: the parent decides what stops.
        signal(SIGINT, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        watchParent()
        var cache = DatasetCache(limit: datasetCacheLimit)
        let environment = ProcessInfo.processInfo.environment
        while let line = readLine(strippingNewline: true) {
            if line.isEmpty { continue }
            let job: WorkerJob
            do {
                job = try WorkerWire.decode(WorkerJob.self, from: Array(line.utf8))
            } catch {
                FileHandle.standardError.write(Data("worker: unreadable job: \(error)\n".utf8))
                return 3
            }
            applyTestHooks(job, environment: environment)
            let trained = train(job, cache: &cache)
            guard send(.result(trained, variant: job.variant)) else { return 4 }
        }
        return 0
    }

    /// Trains `job`, sending each epoch to the parent as it ends.
    static func train(_ job: WorkerJob, cache: inout DatasetCache) -> RunOutcome {
        train(job, cache: &cache) { entry, epochs in
            _ = send(.epoch(entry, of: epochs, variant: job.variant))
        }
    }

    /// Trains `job`; `onEpoch` receives each epoch (in the data's units) and the planned epochs.
    static func train(_ job: WorkerJob, cache: inout DatasetCache, onEpoch: (EpochRecord, Int) -> Void) -> RunOutcome {
        let data: PreparedDataset
        do {
            data = try cache.load(EngineMapping.datasetSpec(job.config.dataset, model: job.config.model))
        } catch {
            return RunOutcome(status: .failed, reason: "\(error)")
        }
        let unknown = EngineMapping.unknownClassLabels(job.config.training.classWeight, classNames: data.classNames)
        guard unknown.isEmpty else {
            return RunOutcome(status: .failed, reason: "training.class_weight names classes the data does not have: \(unknown.joined(separator: ", "))")
        }
        let network = EngineMapping.networkSpec(job.config.model, training: job.config.training, data: data)
        let training = EngineMapping.trainingSpec(job.config.training)
        let clock = ContinuousClock()
        let start = clock.now
        // The engine learns standardised regression targets; records and reports speak the data's units.
        let targetScaling = data.targetScaling
        var result = Trainer.train(network: network, training: training, data: data.train,
                                   validation: data.validation, test: data.test) { record in
            onEpoch(record.inOriginalUnits(targetScaling, loss: network.loss.function(for: network.head)), training.epochs)
            return true
        }
        result = result.inOriginalUnits(targetScaling)
        result.finalMetrics = ClassRecallNames.named(result.finalMetrics, classNames: data.classNames)
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        var weightsFile: String?
        var trained = RunOutcome(result, metric: job.config.metric, seconds: seconds, weightsFile: nil)
        if let path = job.weightsPath, worthSaving(trained, of: job) {
            let metadata = [
                "gradbook_version": GradbookVersion.current, "experiment": job.experiment,
                "variant": job.variant, "label": job.label, "seed": String(job.seed),
                "activation": network.activation.rawValue, "head": network.head.rawValue,
                "widths": network.widths.map(String.init).joined(separator: ","),
            ].merging(targetMetadata(targetScaling)) { $1 }
            do {
                try AtomicFile.write(result.network.safetensors(metadata: metadata), to: path)
                weightsFile = URL(fileURLWithPath: path).lastPathComponent
            } catch {
                FileHandle.standardError.write(Data("worker: cannot save weights: \(error)\n".utf8))
            }
        }
        trained.weightsFile = weightsFile
        return trained
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
        guard let bytes = try? WorkerWire.encode(message) else { return false }
        return bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    static func applyTestHooks(_ job: WorkerJob, environment: [String: String]) {
        if let log = environment[trainedLogVariable] {
            // One write(2) with O_APPEND: lines of concurrent workers never interleave.
            let descriptor = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            if descriptor >= 0 {
                let line = Array("\(job.experiment)/\(job.variant) \(getpid())\n".utf8)
                _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                close(descriptor)
            }
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
