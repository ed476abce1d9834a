import Core
import Foundation

/// Everything known about one finished (or failed) run: `runs/<experiment>/<variant id>.json`.
/// Written once when the run ends and never rewritten: facts that change later (which run holds
/// an experiment's best weights) are derived or kept in files of their own.
public struct RunRecord: Sendable, Codable {
    public var formatVersion: Int = 1
    public var gradbookVersion: String
    public var experiment: String
    public var variant: String
    public var label: String
    public var seed: Int
    /// With `dataset.folds`: the fold (1-based) the run validated on; absent otherwise.
    public var fold: Int?
    /// Swept parameter values by dotted name.
    public var parameters: [String: ConfigValue]
    /// The resolved configuration, nested as in the notebook.
    public var config: ConfigValue
    /// How the run ended and its curves; stored flat beside the fields above.
    public var outcome: RunOutcome
    /// ISO 8601 time the run ended.
    public var finishedAt: String
    /// `I/N` when the run came from a shard of the plan.
    public var shard: String?
    /// Set, never stored, when a reader dropped the curves and resolved configuration to save
    /// memory (`RunRecord+Light.swift`): how many epochs the curves had.
    public internal(set) var droppedEpochCount: Int?

    public init(gradbookVersion: String = GradbookVersion.current, experiment: String, variant: String,
                label: String, seed: Int, parameters: [String: ConfigValue], config: ConfigValue,
                outcome: RunOutcome, finishedAt: String, shard: String? = nil) {
        self.gradbookVersion = gradbookVersion
        self.experiment = experiment
        self.variant = variant
        self.label = label
        self.seed = seed
        self.parameters = parameters
        self.config = config
        self.outcome = outcome
        self.finishedAt = finishedAt
        self.shard = shard
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", gradbookVersion = "gradbook_version", experiment, variant,
             label, seed, fold, parameters, config, finishedAt = "finished_at", shard
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        gradbookVersion = try container.decode(String.self, forKey: .gradbookVersion)
        experiment = try container.decode(String.self, forKey: .experiment)
        variant = try container.decode(String.self, forKey: .variant)
        label = try container.decode(String.self, forKey: .label)
        seed = try container.decode(Int.self, forKey: .seed)
        fold = try container.decodeIfPresent(Int.self, forKey: .fold)
        parameters = try container.decode([String: ConfigValue].self, forKey: .parameters)
        config = try container.decode(ConfigValue.self, forKey: .config)
        finishedAt = try container.decode(String.self, forKey: .finishedAt)
        shard = try container.decodeIfPresent(String.self, forKey: .shard)
        outcome = try RunOutcome(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(formatVersion, forKey: .formatVersion)
        try container.encode(gradbookVersion, forKey: .gradbookVersion)
        try container.encode(experiment, forKey: .experiment)
        try container.encode(variant, forKey: .variant)
        try container.encode(label, forKey: .label)
        try container.encode(seed, forKey: .seed)
        try container.encodeIfPresent(fold, forKey: .fold)
        try container.encode(parameters, forKey: .parameters)
        try container.encode(config, forKey: .config)
        try container.encode(finishedAt, forKey: .finishedAt)
        try container.encodeIfPresent(shard, forKey: .shard)
        try outcome.encode(to: encoder)
    }

    /// A record from its outcome's fields, for callers that build one by hand (tests, tools).
    public init(gradbookVersion: String = GradbookVersion.current, experiment: String, variant: String,
                label: String, seed: Int, parameters: [String: ConfigValue], config: ConfigValue, status: RunStatus,
                reason: String? = nil, divergedEpoch: Int? = nil, bestEpoch: Int? = nil, epochs: [EpochRecord],
                finalMetrics: [String: Double], seconds: Double, finishedAt: String, shard: String? = nil,
                weightsFile: String? = nil) {
        self.init(gradbookVersion: gradbookVersion, experiment: experiment, variant: variant, label: label, seed: seed,
                  parameters: parameters, config: config,
                  outcome: RunOutcome(status: status, reason: reason, divergedEpoch: divergedEpoch, bestEpoch: bestEpoch,
                                      epochs: epochs, finalMetrics: finalMetrics, seconds: seconds, weightsFile: weightsFile),
                  finishedAt: finishedAt, shard: shard)
    }

    // The outcome's fields, where a record is at hand.
    public var status: RunStatus { outcome.status }
    public var reason: String? { outcome.reason }
    public var divergedEpoch: Int? { outcome.divergedEpoch }
    public var bestEpoch: Int? { outcome.bestEpoch }
    public var epochs: [EpochRecord] {
        get { outcome.epochs }
        set { outcome.epochs = newValue }
    }
    public var finalMetrics: [String: Double] { outcome.finalMetrics }
    public var seconds: Double { outcome.seconds }
    public var weightsFile: String? { outcome.weightsFile }

    /// ISO 8601 in UTC with seconds, as records and reports state times.
    /// Formatted by hand: a new ISO8601DateFormatter per record cost a sweep of tiny runs 3% of
    /// the parent's CPU; the text is the formatter's (`2026-12-01T15:20:07Z`, seconds truncated).
    public static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

public enum GradbookVersion {
    public static let current = "0.1.0"
}
