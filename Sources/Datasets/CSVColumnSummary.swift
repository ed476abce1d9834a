import Foundation

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
    /// Cells that match a missing-value spelling (`dataset.na_values`).
    var missingCount = 0
    var allIntegral = true
    /// Named in `dataset.categorical`: one-hot encoded even when every value is a number.
    var forcedCategorical = false
    var firstMissing: Occurrence?
    var firstText: Occurrence?
    var firstOutOfRange: Occurrence?

    init(name: String, column: Int) {
        self.name = name
        self.column = column
    }

    /// Text values are categories when they are at least half of the column; a mostly numeric
    /// column with a few words in it is a data error, reported rather than one-hot encoded.
    var isCategorical: Bool { forcedCategorical || (textCount > 0 && textCount >= numericCount) }
}

/// The spellings of a missing cell (`dataset.na_values`), compared case-insensitively on the
/// trimmed text so `NA`, `na` and ` NA ` are all missing.
struct MissingMarkers: Sendable {
    let spellings: Set<String>
    /// Longer fields are never missing, which spares building a String for most values.
    let longest: Int
    /// Some spelling is a number (`-999`): numbers must be compared with the spellings too.
    let includesNumbers: Bool

    init(_ values: [String]) {
        spellings = Set(values.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        longest = spellings.map(\.utf8.count).max() ?? 0
        // By the loader's number grammar, not `Double(_:)`, which would count "nan" as a number and
        // send every numeric cell through the spelling lookup.
        includesNumbers = spellings.contains { spelling in
            Array(spelling.utf8).withUnsafeBufferPointer { NumberParser.parse($0, 0, $0.count) != nil }
        }
    }

    func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard end - start <= longest else { return false }
        return spellings.contains(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self).lowercased())
    }

    func matches(_ text: String) -> Bool {
        text.utf8.count <= longest + 8 && spellings.contains(text.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
