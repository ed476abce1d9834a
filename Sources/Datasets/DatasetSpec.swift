// PUBLIC API CONTRACT (the Datasets module fills in the loader).
import Backprop

/// What to load and how to split it; the Runner builds one from a notebook's `dataset` block.
public struct DatasetSpec: Sendable, Hashable, Codable {
    public var name: String?
    public var csv: String?
    public var idxImages: String?
    public var idxLabels: String?
    public var target: String?
    public var features: [String]?
    /// nil = infer from the data.
    public var task: LearningTask?
    public var validation: Double
    public var test: Double
    public var normalization: Normalization
    public var seed: UInt64
    public var samples: Int?
    public var noise: Double?
    public var classes: Int?
    public var dimensions: Int?

    public init(name: String? = nil, csv: String? = nil, idxImages: String? = nil, idxLabels: String? = nil,
                target: String? = nil, features: [String]? = nil, task: LearningTask? = nil,
                validation: Double = 0.2, test: Double = 0, normalization: Normalization = .standard,
                seed: UInt64 = 0, samples: Int? = nil, noise: Double? = nil, classes: Int? = nil,
                dimensions: Int? = nil) {
        self.name = name
        self.csv = csv
        self.idxImages = idxImages
        self.idxLabels = idxLabels
        self.target = target
        self.features = features
        self.task = task
        self.validation = validation
        self.test = test
        self.normalization = normalization
        self.seed = seed
        self.samples = samples
        self.noise = noise
        self.classes = classes
        self.dimensions = dimensions
    }
}

public enum Normalization: String, Sendable, Hashable, Codable, CaseIterable {
    case standard, minmax, none
}

/// A loaded data set, split and normalised (statistics from the training split only).
public struct PreparedDataset: Sendable {
    public var name: String
    public var task: LearningTask
    public var featureNames: [String]
    /// Class names for classification (index = label), empty for regression.
    public var classNames: [String]
    public var train: LabeledData
    public var validation: LabeledData?
    public var test: LabeledData?

    public init(name: String, task: LearningTask, featureNames: [String], classNames: [String],
                train: LabeledData, validation: LabeledData?, test: LabeledData?) {
        self.name = name
        self.task = task
        self.featureNames = featureNames
        self.classNames = classNames
        self.train = train
        self.validation = validation
        self.test = test
    }

    public var inputSize: Int { train.featureCount }
    /// Output units the network needs: classes (1 for a binary sigmoid head is the engine's choice), or target columns.
    public var outputSize: Int {
        switch train.targets {
        case .classes(_, let classCount): return classCount
        case .values(let matrix): return matrix.columns
        }
    }
}

/// A row of `gradbook datasets`.
public struct DatasetInfo: Sendable {
    public var name: String
    public var task: LearningTask
    public var samples: Int
    public var features: Int
    /// Classes for classification, target columns for regression.
    public var outputs: Int
    /// Where it comes from (generator, or the shipped file's origin and licence).
    public var source: String
}

public struct DatasetError: Error, Sendable, CustomStringConvertible {
    /// file:line:column prefix when the problem is inside a file.
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        guard let file else { return "error: \(message)" }
        return "\(file):\(line ?? 1):\(column ?? 1): error: \(message)"
    }
}

public enum DatasetLoader {
    /// Every built-in generator and shipped data set.
    public static var catalog: [DatasetInfo] { [] }

    public static func load(_ spec: DatasetSpec) throws -> PreparedDataset {
        throw DatasetError(message: "data set loading not implemented yet")
    }
}
