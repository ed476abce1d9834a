import Backprop
import Core

/// What to load and how to split it; the Runner builds one from a notebook's `dataset` block.
public struct DatasetSpec: Sendable, Hashable, Codable {
    /// A built-in set (`gradbook datasets`), or the display name of a csv / idx set.
    public var name: String?
    /// A CSV file with a header row, opened as given (a relative path is relative to the current
    /// directory, so callers resolve notebook-relative paths first).
    public var csv: String?
    /// IDX images (unsigned bytes, n x rows x columns) and labels (n) files, e.g. MNIST's.
    public var idxImages: String?
    public var idxLabels: String?
    /// The CSV column to predict (required for csv).
    public var target: String?
    /// CSV columns to use as inputs, in this order; nil = every column but the target.
    public var features: [String]?
    /// nil = infer from the data (text target, or at most 20 distinct integers: classification).
    public var task: LearningTask?
    /// Held-out fraction in [0, 1), stratified for classification; 0 = no validation split.
    public var validation: Double
    /// Fraction held out for a separate test split, in [0, 1); 0 = none.
    public var test: Double
    public var normalization: Normalization
    /// Regression only: standardise each target column with the training split's mean and std too
    /// (scikit-learn's `TransformedTargetRegressor` with a `StandardScaler`), unless `normalization`
    /// is `none`. Callers turn it off for heads whose targets must stay as given (sigmoid, softmax).
    public var standardizeTargets: Bool
    /// Seeds the split (stream "split") and the generators (stream "generate.<name>").
    public var seed: UInt64
    /// Generator options; an error for csv, idx and shipped sets.
    public var samples: Int?
    public var noise: Double?
    /// spirals (arms) and blobs only.
    public var classes: Int?
    /// blobs and friedman1 (>= 5) only.
    public var dimensions: Int?
    /// CSV only: what missing cells do (`error` stops at the first one).
    public var missing: MissingPolicy
    public var numericImputation: NumericImputation
    public var textImputation: TextImputation
    /// Spellings of a missing cell, compared case-insensitively after trimming blanks.
    public var naValues: [String]
    /// CSV feature columns one-hot encoded whatever their values (an integer class id, a year).
    public var categorical: [String]
    /// k-fold cross-validation: with `folds` set, `fold` (1-based) is this run's validation fold
    /// and `validation` is unused (see `FoldPlan`).
    public var folds: Int?
    public var fold: Int?
    /// Fixed held-out files with the training file's columns (`FixedSplitFiles.swift`): when
    /// given, they are the validation / test splits and the fractions do not apply.
    public var validationCSV: String?
    public var testCSV: String?
    public var idxValidation: IDXPair?
    public var idxTest: IDXPair?

    /// An IDX images file and its labels file.
    public struct IDXPair: Sendable, Hashable, Codable {
        public var images: String
        public var labels: String
        public init(images: String, labels: String) {
            self.images = images
            self.labels = labels
        }
    }

    /// True when the held-out splits come from their own files.
    public var hasFixedSplits: Bool { validationCSV != nil || testCSV != nil || idxValidation != nil || idxTest != nil }

    public static let defaultNAValues = MissingPolicy.defaultSpellings

    public init(name: String? = nil, csv: String? = nil, idxImages: String? = nil, idxLabels: String? = nil,
                target: String? = nil, features: [String]? = nil, task: LearningTask? = nil,
                validation: Double = 0.2, test: Double = 0, normalization: Normalization = .standard,
                seed: UInt64 = 0, samples: Int? = nil, noise: Double? = nil, classes: Int? = nil,
                dimensions: Int? = nil, standardizeTargets: Bool = true, missing: MissingPolicy = .error,
                numericImputation: NumericImputation = .mean, textImputation: TextImputation = .most_frequent,
                naValues: [String] = DatasetSpec.defaultNAValues, categorical: [String] = [],
                folds: Int? = nil, fold: Int? = nil,
                validationCSV: String? = nil, testCSV: String? = nil, idxValidation: IDXPair? = nil,
                idxTest: IDXPair? = nil) {
        self.folds = folds
        self.fold = fold
        self.validationCSV = validationCSV
        self.testCSV = testCSV
        self.idxValidation = idxValidation
        self.idxTest = idxTest
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
        self.standardizeTargets = standardizeTargets
        self.missing = missing
        self.numericImputation = numericImputation
        self.textImputation = textImputation
        self.naValues = naValues
        self.categorical = categorical
    }
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
    /// The per-feature shift and scale fitted on the training split (nil when normalisation is `none`).
    public var featureScaling: FeatureScaling?
    /// The per-target-column mean (`shift`) and std (`scale`) fitted on the training split when
    /// regression targets were standardised (nil otherwise): every split's targets are
    /// `(y - shift) / scale`, so a prediction maps back as `prediction * scale + shift`.
    public var targetScaling: FeatureScaling?
    /// What was done to the rows on the way: dropped, imputed, and how the classes fell.
    public var preparation: DataPreparationSummary?

    public init(name: String, task: LearningTask, featureNames: [String], classNames: [String],
                train: LabeledData, validation: LabeledData?, test: LabeledData?,
                featureScaling: FeatureScaling? = nil, targetScaling: FeatureScaling? = nil,
                preparation: DataPreparationSummary? = nil) {
        self.preparation = preparation
        self.featureScaling = featureScaling
        self.targetScaling = targetScaling
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
public struct DatasetInfo: Sendable, Equatable {
    public var name: String
    public var task: LearningTask
    public var samples: Int
    public var features: Int
    /// Classes for classification, target columns for regression.
    public var outputs: Int
    /// Where it comes from (generator, or the shipped file's origin and licence).
    public var source: String

    public init(name: String, task: LearningTask, samples: Int, features: Int, outputs: Int, source: String) {
        self.name = name
        self.task = task
        self.samples = samples
        self.features = features
        self.outputs = outputs
        self.source = source
    }
}

/// A problem with a data set or its options. Inside a file, `line` is the 1-based line of the file
/// and `column` the 1-based *field index* within the row (not a character column), because a CSV
/// field is the unit a user fixes in a spreadsheet. IDX files report no line or column.
public struct DatasetError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The file the problem is in, when there is one.
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

    /// `file:line:column: error: message`, leaving out the parts that are unknown.
    public var description: String {
        guard let file else { return "error: \(message)" }
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return "\(location): error: \(message)"
    }
}

public enum DatasetLoader {
    /// Every built-in generator and shipped data set, with the shape its default options give.
    public static var catalog: [DatasetInfo] { BuiltinCatalog.entries }

    /// Loads (or generates) the data set, splits it and normalises it with training-split statistics.
    public static func load(_ spec: DatasetSpec) throws -> PreparedDataset {
        if spec.hasFixedSplits { return try loadFixedSplits(spec) }
        let raw = try loadRaw(spec)
        return try prepare(raw, spec: spec)
    }
}
