import Core
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which run of an experiment holds its `save: best` weights: `runs/<experiment>/best-weights.json`.
///
/// Run records are written once and never touched, so the holder, which changes whenever a later
/// run does better, is kept here instead. It is a derived fact (the best finished run whose
/// `.safetensors` is on disk) rewritten atomically after each sweep and each report.
public struct BestWeightsPointer: Sendable, Codable, Equatable {
    public var experiment: String
    public var variant: String
    public var label: String
    /// The metric that ranked the runs, and the holder's value of it.
    public var metric: String
    public var value: Double
    /// The weights file, relative to the experiment's folder: `<variant id>.safetensors`.
    public var weightsFile: String

    public init(experiment: String, variant: String, label: String, metric: String, value: Double) {
        self.experiment = experiment
        self.variant = variant
        self.label = label
        self.metric = metric
        self.value = value
        weightsFile = "\(variant).safetensors"
    }

    enum CodingKeys: String, CodingKey {
        case experiment, variant, label, metric, value, weightsFile = "weights_file"
    }

    /// The file name in each experiment folder; never a variant id (those are hexadecimal).
    public static let fileName = "best-weights.json"
}

extension RunRecordStore {
    public func bestWeightsPath(experiment: String) -> String {
        "\(experimentDirectory(experiment))/\(BestWeightsPointer.fileName)"
    }

    /// The pointer of `experiment`, or nil when there is none (or it cannot be read).
    public func bestWeights(experiment: String) -> BestWeightsPointer? {
        guard let data = FileManager.default.contents(atPath: bestWeightsPath(experiment: experiment)) else { return nil }
        return try? JSONCoding.decoder.decode(BestWeightsPointer.self, from: data)
    }

    /// Writes (or, with nil, removes) the pointer of `experiment` atomically.
    public func saveBestWeights(_ pointer: BestWeightsPointer?, experiment: String) throws {
        let path = bestWeightsPath(experiment: experiment)
        guard let pointer else {
            if unlink(path) != 0 && errno != ENOENT { throw FileWriteError(path: path, operation: "remove", code: errno) }
            return
        }
        try AtomicFile.write(Array(try JSONCoding.encoder().encode(pointer)) + [0x0A], to: path)
    }
}
