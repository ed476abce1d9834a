/// The size of a data set as a run would see it: what the preflight needs to estimate memory
/// and to check classes against the split, without keeping the data.
public struct DatasetShape: Sendable, Equatable {
    /// Rows of the whole data set, before splitting.
    public var samples: Int
    /// Input features after encoding (one-hot columns counted).
    public var features: Int
    /// Classes for classification, target columns for regression.
    public var outputs: Int
    /// Rows of the training split.
    public var trainSamples: Int
    /// Rows of the validation split (0 when unknown: a generated set is not generated to check it).
    public var validationSamples: Int = 0
    /// Classification only: rows per class in the training and the validation split (index = class).
    public var trainClassCounts: [Int]
    public var validationClassCounts: [Int]
    /// Class names (index = class), empty for regression.
    public var classNames: [String]

    public init(samples: Int, features: Int, outputs: Int, trainSamples: Int, trainClassCounts: [Int] = [],
                validationClassCounts: [Int] = [], classNames: [String] = []) {
        self.samples = samples
        self.features = features
        self.outputs = outputs
        self.trainSamples = trainSamples
        self.trainClassCounts = trainClassCounts
        self.validationClassCounts = validationClassCounts
        self.classNames = classNames
    }
}
