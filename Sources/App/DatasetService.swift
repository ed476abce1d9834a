import Core
import Datasets
import Foundation

/// `gradbook datasets`: the catalogue, or a check of the user's own CSV file with the shape,
/// task and classes gradbook would train on and what it does with every column.
public enum DatasetService {
    /// Built-in generators and shipped data sets.
    public static var catalog: [DatasetInfo] { DatasetLoader.catalog }

    /// What to load: the `dataset:` keys a notebook would give for a CSV file.
    public struct Request: Sendable {
        public var csv: String
        public var target: String?
        public var features: [String]?
        public var task: LearningTask?
        public var missing: MissingPolicy
        public var categorical: [String]

        public init(csv: String, target: String?, features: [String]?, task: LearningTask?,
                    missing: MissingPolicy = .error, categorical: [String] = []) {
            self.csv = csv
            self.target = target
            self.features = features
            self.task = task
            self.missing = missing
            self.categorical = categorical
        }
    }

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
        /// Rows read and dropped, when missing cells were dropped or filled.
        public var preparation: DataPreparationSummary?
        public var loadSeconds: Double
    }

    /// Every column's kind, distinct values, missing cells and what gradbook does with it, and the
    /// file as it loads (nil with the reason when it cannot be used as asked: the columns still
    /// show what to change, `--missing` or `--features`).
    public struct Check: Sendable {
        public var columns: [CSVColumnProfile]
        public var loaded: Result<Description, InvalidInput>
    }

    /// Loads the file as a notebook with `dataset: {csv: ...}` would; a file whose columns cannot
    /// even be read is the user's input to fix (`InvalidInput`, exit 2).
    public static func check(_ request: Request) throws(InvalidInput) -> Check {
        let spec = DatasetSpec(csv: request.csv, target: request.target, features: request.features, task: request.task,
                               validation: 0, normalization: .none, missing: request.missing,
                               categorical: request.categorical)
        var trained = spec
        // Column actions as a notebook's defaults would train (standard scaling), not as this check loads.
        trained.normalization = .standard
        let columns: [CSVColumnProfile]
        do {
            columns = try DatasetLoader.profileColumns(trained)
        } catch {
            throw InvalidInput("\(error)")
        }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let data = try DatasetLoader.load(spec)
            let elapsed = clock.now - start
            return Check(columns: columns, loaded: .success(Description(
                name: data.name, rows: data.train.count, inputSize: data.inputSize, features: data.featureNames,
                task: data.task, classes: data.classNames, preparation: data.preparation,
                loadSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)))
        } catch {
            return Check(columns: columns, loaded: .failure(InvalidInput("\(error)")))
        }
    }
}
