/// What the first pass over a CSV file learnt about one selected column: how many values are
/// numbers, and where the first missing and first non-numeric value are (for errors).
struct CSVColumnSummary: Sendable {
    struct Occurrence: Sendable {
        var line: Int
        var column: Int
        var text: String
    }

    var name: String
    /// 1-based field index in the file.
    var column: Int
    var numericCount = 0
    var textCount = 0
    var allIntegral = true
    var firstMissing: Occurrence?
    var firstText: Occurrence?
    var firstOutOfRange: Occurrence?

    init(name: String, column: Int) {
        self.name = name
        self.column = column
    }

    /// Text values are categories when they are at least half of the column; a mostly numeric
    /// column with a few words in it is a data error, reported rather than one-hot encoded.
    var isCategorical: Bool { textCount > 0 && textCount >= numericCount }

    /// Values that mean "no value" in common exports (compared case-insensitively); always an error.
    static let missingMarkers: Set<String> = ["", "?", "na", "n/a", "nan", "null"]
}
