import Core
import Foundation
import Records

extension ResultsFile {
    /// One run as results.json lists it (format 2): how it ended and its final numbers, without the
    /// per-epoch curves and layer statistics, which stay in its record (`record`, relative to the
    /// notebook's output folder). A 100,000-run sweep's results.json then stays a summary a
    /// script can load, instead of a copy of every record.
    public struct RunSummary: Codable, Sendable, Equatable {
        public var variant: String
        public var label: String
        public var seed: Int
        public var fold: Int?
        public var parameters: [String: ConfigValue]
        public var status: RunStatus
        public var reason: String?
        public var divergedEpoch: Int?
        public var bestEpoch: Int?
        /// Epochs trained (the length of the record's curves).
        public var epochs: Int
        public var finalMetrics: [String: Double]
        public var seconds: Double
        public var finishedAt: String
        public var shard: String?
        public var weightsFile: String?
        /// `runs/<experiment>/<variant id>.json`: the full record with its curves.
        public var record: String

        enum CodingKeys: String, CodingKey {
            case variant, label, seed, fold, parameters, status, reason, divergedEpoch = "diverged_epoch",
                 bestEpoch = "best_epoch", epochs, finalMetrics = "final_metrics", seconds,
                 finishedAt = "finished_at", shard, weightsFile = "weights_file", record
        }

        public init(_ record: RunRecord) {
            variant = record.variant
            label = record.label
            seed = record.seed
            fold = record.fold
            parameters = record.parameters
            status = record.status
            reason = record.reason
            divergedEpoch = record.divergedEpoch
            bestEpoch = record.bestEpoch
            epochs = record.epochCount
            finalMetrics = record.finalMetrics
            seconds = record.seconds
            finishedAt = record.finishedAt
            shard = record.shard
            weightsFile = record.weightsFile
            self.record = "runs/\(record.experiment)/\(record.variant).json"
        }
    }
}
