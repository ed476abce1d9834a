import Core
import Datasets
import Foundation

/// `gradbook datasets`: the catalogue, or a check of the user's own CSV file with the shape,
/// task and classes gradbook would train on.
public enum DatasetService {
    /// Built-in generators and shipped data sets.
    public static var catalog: [DatasetInfo] { DatasetLoader.catalog }

    /// What a CSV file loads as.
    public struct Description: Sendable {
        public var name: String
        public var rows: Int
        /// Input width (one-hot columns expanded) and the feature names behind it.
        public var inputSize: Int
        public var features: [String]
        public var task: LearningTask
        /// Class names, for classification.
        public var classes: [String]
        public var loadSeconds: Double
    }

    /// Loads `csv` as a notebook with `dataset: {csv: ...}` would; a file that cannot be used is
    /// the user's input to fix (`InvalidInput`, exit 2).
    public static func describe(csv: String, target: String?, features: [String]?, task: LearningTask?) throws -> Description {
        let spec = DatasetSpec(csv: csv, target: target, features: features, task: task, validation: 0, normalization: .none)
        let clock = ContinuousClock()
        let start = clock.now
        let data: PreparedDataset
        do {
            data = try DatasetLoader.load(spec)
        } catch let error as DatasetError {
            throw InvalidInput(error.description)
        }
        let elapsed = clock.now - start
        return Description(name: data.name, rows: data.train.count, inputSize: data.inputSize, features: data.featureNames, task: data.task,
                           classes: data.classNames,
                           loadSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
}
