import Core

/// How one run ended and what it learnt: what a worker reports once training has ended (in any
/// way but a crash), and what a run record embeds unchanged. One type from the worker's pipe to
/// the report, with one JSON spelling (snake_case).
public struct RunOutcome: Sendable, Codable, Equatable {
    public var status: RunStatus
    /// Why a run failed, timed out or diverged (signal, exit code, stderr tail, loss value, ...).
    public var reason: String?
    public var divergedEpoch: Int?
    /// The epoch early stopping kept, or else the epoch with the best value of the metric.
    public var bestEpoch: Int?
    public var epochs: [EpochRecord]
    public var finalMetrics: [String: Double]
    /// Wall-clock seconds of training (data set loading excluded).
    public var seconds: Double
    /// File name of the weights written beside the record, if any.
    public var weightsFile: String?
    /// The engine's floating-point rules (`Numerics.version` in Backprop): 2 = flush-to-zero and
    /// denormals-are-zero. nil in records of the first release, which kept subnormals (version 1).
    public var numerics: Int?
    /// For `terminated`: the band that cut the run, its value and the cut-off.
    public var termination: Termination?
    /// Threads the run's matrix products split over, when more than one (`training.threads`, or
    /// the cores of idle workers; for a run continued from a checkpoint, those of its last part).
    /// The numbers are the same on any count; it explains the run's seconds.
    public var threads: Int?

    public init(status: RunStatus, reason: String? = nil, divergedEpoch: Int? = nil, bestEpoch: Int? = nil,
                epochs: [EpochRecord] = [], finalMetrics: [String: Double] = [:], seconds: Double = 0,
                weightsFile: String? = nil, numerics: Int? = nil) {
        self.status = status
        self.reason = reason
        self.divergedEpoch = divergedEpoch
        self.bestEpoch = bestEpoch
        self.epochs = epochs
        self.finalMetrics = finalMetrics
        self.seconds = seconds
        self.weightsFile = weightsFile
        self.numerics = numerics
    }

    /// `numerics`, with 1 for the first release's records that lack it.
    public var numericsVersion: Int { numerics ?? 1 }

    enum CodingKeys: String, CodingKey {
        case status, reason, divergedEpoch = "diverged_epoch", bestEpoch = "best_epoch", epochs,
             finalMetrics = "final_metrics", seconds, weightsFile = "weights_file", numerics,
             termination, threads
    }

    /// The epoch with the best finite value of `metric` (earliest on ties), nil when no epoch has one.
    public static func bestEpoch(of epochs: [EpochRecord], metric: String, goal: Goal) -> Int? {
        var best: (epoch: Int, value: Double)?
        for entry in epochs {
            guard let value = entry.metrics[metric], value.isFinite else { continue }
            if let current = best, !goal.prefers(value, over: current.value) { continue }
            best = (entry.epoch, value)
        }
        return best?.epoch
    }
}
