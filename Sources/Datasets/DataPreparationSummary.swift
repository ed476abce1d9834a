import Core

/// What loading and preparing a data set did to its rows, for the report's data section: how many
/// rows were read, which were dropped and why, which cells were imputed with what, and how the
/// classes fell into each split. Derived again whenever it is needed (it is never stored).
public struct DataPreparationSummary: Sendable, Equatable, Codable {
    public struct ColumnCount: Sendable, Equatable, Codable {
        public var column: String
        public var count: Int
    }

    /// One feature column whose missing cells were filled.
    public struct Imputation: Sendable, Equatable, Codable {
        public var column: String
        /// Cells filled, over every split.
        public var cells: Int
        /// The value written, as the report shows it: `mean 43.92`, `most frequent 'MALE'`.
        public var fill: String
    }

    /// Rows per class (index = class label) in one split.
    public struct SplitBalance: Sendable, Equatable, Codable {
        public var split: String
        public var counts: [Int]
    }

    public var missing: MissingPolicy = .error
    /// Data rows in the file (or samples generated).
    public var rowsRead = 0
    public var droppedForMissingTarget = 0
    /// Rows dropped by `missing: drop` for a missing feature (their target was present).
    public var droppedForMissingFeature = 0
    /// Missing cells per selected column as read, before any row was dropped.
    public var missingCells: [ColumnCount] = []
    public var imputed: [Imputation] = []
    public var classNames: [String] = []
    public var classBalance: [SplitBalance] = []
    /// Fixed validation / test files: cells per categorical column whose category the training
    /// file does not have (encoded as all zeros in the column's one-hot block).
    public var unseenCategories: [ColumnCount] = []

    public init() {}

    public var rowsKept: Int { rowsRead - droppedForMissingTarget - droppedForMissingFeature }
}
