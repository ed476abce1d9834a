import Core
import Foundation

/// Everything known about one finished (or failed) run: `runs/<experiment>/<variant id>.json`.
/// Written once when the run ends and never rewritten: facts that change later (which run holds
/// an experiment's best weights) are derived or kept in files of their own.
public struct RunRecord: Sendable, Codable {
    public var formatVersion: Int { get { fields.formatVersion } set { fields.formatVersion = newValue } }
    public var gradbookVersion: String { get { fields.gradbookVersion } set { fields.gradbookVersion = newValue } }
    public var experiment: String { get { fields.experiment } set { fields.experiment = newValue } }
    public var variant: String { get { fields.variant } set { fields.variant = newValue } }
    public var label: String { get { fields.label } set { fields.label = newValue } }
    public var seed: Int { get { fields.seed } set { fields.seed = newValue } }
    /// With `dataset.folds`: the fold (1-based) the run validated on; absent otherwise.
    public var fold: Int? { get { fields.fold } set { fields.fold = newValue } }
    /// Swept parameter values by dotted name.
    public var parameters: [String: ConfigValue] { get { fields.parameters } set { fields.parameters = newValue } }
    /// The resolved configuration, nested as in the notebook.
    public var config: ConfigValue { get { fields.config } set { fields.config = newValue } }
    /// How the run ended and its curves; stored flat beside the fields above.
    public var outcome: RunOutcome {
        get { fields.outcome }
        _modify { yield &fields.outcome }
    }
    /// ISO 8601 time the run ended.
    public var finishedAt: String { get { fields.finishedAt } set { fields.finishedAt = newValue } }
    /// `I/N` when the run came from a shard of the plan.
    public var shard: String? { get { fields.shard } set { fields.shard = newValue } }
    /// Set, never stored, when a reader dropped the curves and resolved configuration to save
    /// memory (`RunRecord+Light.swift`): how many epochs the curves had.
    public internal(set) var droppedEpochCount: Int? {
        get { fields.droppedEpochCount }
        set { fields.droppedEpochCount = newValue }
    }

    /// The stored fields, behind one reference: a record's fields take ~370 bytes inline, and
    /// the report copies its records between arrays (filtering, sorting, grouping): at 100,000
    /// runs each copy of an array of inline records cost 37 MB. Copies now share the fields
    /// until one of them is changed (copy on write, as Array does).
    private struct Fields {
        var formatVersion = 1
        var gradbookVersion: String
        var experiment: String
        var variant: String
        var label: String
        var seed: Int
        var fold: Int?
        var parameters: [String: ConfigValue]
        var config: ConfigValue
        var outcome: RunOutcome
        var finishedAt: String
        var shard: String?
        var droppedEpochCount: Int?
    }

    // Written only while uniquely referenced (`fields`' accessors), so sharing it is safe.
    private final class Storage: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var storage: Storage

    private var fields: Fields {
        get { storage.fields }
        _modify {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
            yield &storage.fields
        }
    }

    public init(gradbookVersion: String = GradbookVersion.current, experiment: String, variant: String,
                label: String, seed: Int, parameters: [String: ConfigValue], config: ConfigValue,
                outcome: RunOutcome, finishedAt: String, shard: String? = nil) {
        storage = Storage(Fields(gradbookVersion: gradbookVersion, experiment: experiment, variant: variant,
                                 label: label, seed: seed, parameters: parameters, config: config,
                                 outcome: outcome, finishedAt: finishedAt, shard: shard))
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", gradbookVersion = "gradbook_version", experiment, variant,
             label, seed, fold, parameters, config, finishedAt = "finished_at", shard
    }

    public init(from decoder: Decoder) throws {
        // Decoded in the file's order, so a record missing several keys names the first.
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        let gradbookVersion = try container.decode(String.self, forKey: .gradbookVersion)
        let experiment = try container.decode(String.self, forKey: .experiment)
        let variant = try container.decode(String.self, forKey: .variant)
        let label = try container.decode(String.self, forKey: .label)
        let seed = try container.decode(Int.self, forKey: .seed)
        let fold = try container.decodeIfPresent(Int.self, forKey: .fold)
        let parameters = try container.decode([String: ConfigValue].self, forKey: .parameters)
        let config = try container.decode(ConfigValue.self, forKey: .config)
        let finishedAt = try container.decode(String.self, forKey: .finishedAt)
        let shard = try container.decodeIfPresent(String.self, forKey: .shard)
        self.init(gradbookVersion: gradbookVersion, experiment: experiment, variant: variant, label: label,
                  seed: seed, parameters: parameters, config: config, outcome: try RunOutcome(from: decoder),
                  finishedAt: finishedAt, shard: shard)
        self.formatVersion = formatVersion
        self.fold = fold
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
