import Core
import Foundation
import Notebook
import Records

// The parent and its `gradbook worker` processes talk in lines: one `WorkerJob` per line on
// the worker's standard input, `WorkerMessage`s on its standard output (epoch progress, then one
// result per job), in JSON or, for jobs, epochs and results, a compact spelling
// (`WorkerWire+Job.swift`, `WorkerWire+Compact.swift`). Standard error is free text kept for
// crash reports.

/// One variant to train, as the parent sends it.
public struct WorkerJob: Sendable, Codable, Equatable {
    public var experiment: String
    public var variant: String
    public var label: String
    public var seed: Int
    /// Held once for the job and its variant's copies (coded as the plain configuration).
    @SharedValue public var config: RunConfig
    /// Where to write the trained weights (`<variant id>.safetensors`), nil for `save: none`.
    public var weightsPath: String?
    /// For `save: best`: the experiment's best run when the job was sent. Weights are written
    /// only by a run that beats it: a run that does not can never be the final best.
    public var weightsBar: BestRun?
    /// Where this run's mid-run checkpoint lives (`runs/<experiment>/.<variant id>.checkpoint`):
    /// read to resume, rewritten as training goes. Nil: no checkpoints.
    public var checkpointPath: String?
    /// A hyperband band: pause at the end of this epoch (1-based), write the checkpoint and report
    /// `band`; the run continues from that checkpoint when its cohort promotes it. Nil: train on.
    public var pauseAfterEpoch: Int?
    /// Threads this run's matrix products may split over beyond `training.threads`: the parent
    /// gives a run the cores of workers that would otherwise sit idle (fewer runs left than
    /// workers). Nil: `training.threads`. Any thread count gives the same numbers bit for bit.
    public var threads: Int?

    public init(experiment: String, variant: String, label: String, seed: Int, config: RunConfig,
                weightsPath: String?, weightsBar: BestRun? = nil, checkpointPath: String? = nil) {
        self.checkpointPath = checkpointPath
        self.experiment = experiment
        self.variant = variant
        self.label = label
        self.seed = seed
        self.config = config
        self.weightsPath = weightsPath
        self.weightsBar = weightsBar
    }
}

/// The standing best run of an experiment by its metric (for `save: best`).
public struct BestRun: Sendable, Codable, Equatable {
    public var value: Double
    public var label: String
    public var variant: String

    public init(value: Double, label: String, variant: String) {
        self.value = value
        self.label = label
        self.variant = variant
    }

    /// True when this run ranks above `other`: a better metric value, or the same value and a
    /// smaller label then id (the report's order), so the winner never depends on timing.
    public func beats(_ other: BestRun, goal: Goal) -> Bool {
        if value != other.value { return goal.prefers(value, over: other.value) }
        return (label, variant) < (other.label, other.variant)
    }
}

/// A line a worker writes on standard output.
public struct WorkerMessage: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// One epoch of the current job ended (`epoch` is set, `totalEpochs` is the plan).
        case epoch
        /// The current job ended (`result` is set).
        case result
        /// The current job continues from a checkpoint: `epochs` were trained before it,
        /// `seconds` of training time (they count towards the timeout).
        case resumed
        /// Something the user should hear about that does not end the run (`note`).
        case note
        /// A checkpoint or weights write failed for want of disk (`note`, `errorCode`, `path`): the
        /// parent follows the write-failure policy.
        case writeFailed
        /// The current job stopped at a checkpoint on a stop signal; the worker then exits with
        /// `WorkerLoop.pausedStatus`. Not a result: the run continues when it is started again.
        case paused
        /// The current job reached its hyperband band (`WorkerJob.pauseAfterEpoch`): its checkpoint
        /// is on disk, `epochs` are its curves so far, `seconds` its training time. The worker
        /// takes its next job.
        case band
    }

    public var kind: Kind
    public var variant: String
    public var epoch: EpochRecord?
    public var totalEpochs: Int?
    public var result: RunOutcome?
    public var epochs: [EpochRecord]?
    public var seconds: Double?
    public var note: String?
    public var errorCode: Int32?
    public var path: String?
    /// What a `writeFailed` message could not write: `checkpoint` or `weights`.
    public var what: String?

    public static func epoch(_ entry: EpochRecord, of total: Int, variant: String) -> WorkerMessage {
        WorkerMessage(kind: .epoch, variant: variant, epoch: entry, totalEpochs: total, result: nil)
    }

    public static func result(_ run: RunOutcome, variant: String) -> WorkerMessage {
        WorkerMessage(kind: .result, variant: variant, epoch: nil, totalEpochs: nil, result: run)
    }

    public static func resumed(epochs: [EpochRecord], seconds: Double, variant: String) -> WorkerMessage {
        var message = WorkerMessage(kind: .resumed, variant: variant)
        message.epochs = epochs
        message.seconds = seconds
        return message
    }

    public static func note(_ text: String, variant: String) -> WorkerMessage {
        var message = WorkerMessage(kind: .note, variant: variant)
        message.note = text
        return message
    }

    public static func writeFailed(_ failure: FileWriteError, what: String, variant: String) -> WorkerMessage {
        var message = WorkerMessage(kind: .writeFailed, variant: variant)
        message.note = "cannot write the \(what): \(failure)"
        message.errorCode = failure.code
        message.path = failure.path
        message.what = what
        return message
    }

    public static func paused(seconds: Double, variant: String) -> WorkerMessage {
        var message = WorkerMessage(kind: .paused, variant: variant)
        message.seconds = seconds
        return message
    }

    public static func band(epochs: [EpochRecord], seconds: Double, variant: String) -> WorkerMessage {
        var message = WorkerMessage(kind: .band, variant: variant)
        message.epochs = epochs
        message.seconds = seconds
        return message
    }

    init(kind: Kind, variant: String, epoch: EpochRecord? = nil, totalEpochs: Int? = nil, result: RunOutcome? = nil) {
        self.kind = kind
        self.variant = variant
        self.epoch = epoch
        self.totalEpochs = totalEpochs
        self.result = result
    }
}

/// JSON line coding shared by both ends: gradbook's one JSON spelling, one line per message.
public enum WorkerWire {
    public static func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        Array(try JSONCoding.encoder(pretty: false).encode(value)) + [0x0A]
    }

    public static func decode<Value: Decodable>(_ type: Value.Type, from line: [UInt8]) throws -> Value {
        try JSONCoding.decoder.decode(type, from: Data(line))
    }
}
