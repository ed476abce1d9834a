import Backprop
import Core

/// The first pass over a CSV file's data rows: checks each row has as many fields as the header,
/// parses every selected value that is a number (features into one row-major Float buffer, the
/// target into Doubles) and summarises each selected column for `checkValues`.
struct CSVFirstPass {
    let selection: CSVSelection
    let fieldCount: Int
    var tokenizer: CSVTokenizer
    let decimalSeparator: UInt8
    let markers: MissingMarkers

    private(set) var rows = 0
    /// `rows x features` values, NaN where a value is text (a category, or an error found later).
    private(set) var features: [Float] = []
    private(set) var targetValues: [Double] = []
    private(set) var summaries: [CSVColumnSummary]
    /// Per slot, the 0-based data rows whose cell is missing, in file order.
    private(set) var missingRows: [[Int]]

    init(selection: CSVSelection, header: CSVHeader, tokenizer: CSVTokenizer, decimalSeparator: UInt8,
         markers: MissingMarkers) {
        self.selection = selection
        self.markers = markers
        missingRows = .init(repeating: [], count: selection.slotCount)
        self.fieldCount = header.names.count
        self.tokenizer = tokenizer
        self.decimalSeparator = decimalSeparator
        summaries = (0..<selection.slotCount).map {
            CSVColumnSummary(name: selection.name(ofSlot: $0), column: selection.fieldIndex(ofSlot: $0) + 1)
        }
        for slot in selection.categoricalSlots { summaries[slot].forcedCategorical = true }
    }

    mutating func run(file: MappedFile, fields: inout [CSVField]) throws {
        let bytes = tokenizer.bytes
        let featureCount = selection.featureFields.count
        let slotFields = (0..<selection.slotCount).map { selection.fieldIndex(ofSlot: $0) }
        var numericCounts = [Int](repeating: 0, count: selection.slotCount)
        var released = 0
        while try tokenizer.nextRecord(into: &fields) {
            guard fields.count == fieldCount else { throw raggedRowError(fieldsFound: fields.count) }
            if rows == 1 { reserveCapacity(bytesPerRow: tokenizer.position - tokenizer.recordStart, fileSize: bytes.count) }
            for slot in 0..<slotFields.count {
                let field = fields[slotFields[slot]]
                // Numbers are read without surrounding blanks, quoted or not (" 1.5 " is 1.5).
                let (start, end) = tokenizer.trimmed(field)
                // A semicolon file may use either decimal mark ("52,8" or "52.8"): the comma cannot
                // be a field separator there, so trying the point as well is never ambiguous.
                // A numeric missing spelling (`-999`) is looked for only when the list has one.
                let number = field.hasEscapedQuotes || (markers.includesNumbers && markers.matches(bytes, start, end)) ? nil
                    : NumberParser.parse(bytes, start, end, decimalSeparator: decimalSeparator)
                        ?? (decimalSeparator == UInt8(ascii: ".") ? nil : NumberParser.parse(bytes, start, end))
                if let number {
                    numericCounts[slot] += 1
                    if slot < featureCount {
                        let value = Float(number)
                        if !value.isFinite { noteOutOfRange(slot: slot, field: field) }
                        features.append(value)
                    } else {
                        if !Float(number).isFinite { noteOutOfRange(slot: slot, field: field) }
                        if number.rounded() != number || abs(number) > 2_147_483_647 { summaries[slot].allIntegral = false }
                        targetValues.append(number)
                    }
                } else {
                    if slot < featureCount { features.append(.nan) } else { targetValues.append(.nan) }
                    noteText(slot: slot, field: field, start: start, end: end)
                }
            }
            rows += 1
            if tokenizer.position - released > 1 << 24 {
                released = tokenizer.position
                file.release(before: released)
            }
        }
        for slot in 0..<summaries.count { summaries[slot].numericCount = numericCounts[slot] }
    }

    /// Rows are estimated from the first row's length so the buffers rarely grow by copying.
    private mutating func reserveCapacity(bytesPerRow: Int, fileSize: Int) {
        // A row takes at least one byte per field (delimiters and the line end), which bounds a
        // misleadingly short first row.
        let estimate = min(fileSize / max(bytesPerRow, 1) * 11 / 10 + 16, fileSize / max(fieldCount, 1) + 16)
        features.reserveCapacity(estimate * selection.featureFields.count)
        targetValues.reserveCapacity(estimate)
    }

    private mutating func noteText(slot: Int, field: CSVField, start: Int, end: Int) {
        if markers.matches(tokenizer.bytes, start, end) {
            summaries[slot].missingCount += 1
            missingRows[slot].append(rows)
            if summaries[slot].firstMissing == nil { summaries[slot].firstMissing = occurrence(slot: slot, field: field) }
        } else {
            summaries[slot].textCount += 1
            if summaries[slot].firstText == nil { summaries[slot].firstText = occurrence(slot: slot, field: field) }
        }
    }

    private mutating func noteOutOfRange(slot: Int, field: CSVField) {
        if summaries[slot].firstOutOfRange == nil { summaries[slot].firstOutOfRange = occurrence(slot: slot, field: field) }
    }

    private func occurrence(slot: Int, field: CSVField) -> CSVColumnSummary.Occurrence {
        CSVColumnSummary.Occurrence(line: tokenizer.line(of: field), column: summaries[slot].column,
                                    text: tokenizer.text(of: field))
    }

    private func raggedRowError(fieldsFound: Int) -> DatasetError {
        let column = fieldsFound > fieldCount ? fieldCount + 1 : fieldsFound + 1
        return DatasetError(file: tokenizer.path, line: tokenizer.recordLine, column: column,
                            message: "row has \(fieldsFound) fields but the header has \(fieldCount)")
    }

    /// The selected columns whose text must be collected: categorical features and a text target.
    var textSlots: [Int] {
        (0..<selection.slotCount).filter { slot in
            slot == selection.targetSlot ? summaries[slot].textCount > 0 : summaries[slot].isCategorical
        }
    }

    /// Reports the first problem in file order: a missing value anywhere (unless `missing` is
    /// `drop` or `impute`), text in a numeric column (or in the target of a regression), or a
    /// number too large for 32-bit floats.
    func checkValues(task: LearningTask?, missing: MissingPolicy) throws {
        var problems: [(CSVColumnSummary.Occurrence, String)] = []
        for (slot, summary) in summaries.enumerated() {
            let isTarget = slot == selection.targetSlot
            let role = isTarget ? "target column" : "column"
            if missing == .error, let place = summary.firstMissing {
                let what = place.text.isEmpty ? "missing value (empty field)" : "missing value '\(place.text)'"
                problems.append((place, "\(what) in \(role) '\(summary.name)' (\(summary.missingCount) missing in "
                    + "this column; `dataset.missing: drop` or `impute` accepts them)"))
            }
            if let text = summary.firstText {
                if !isTarget, !summary.isCategorical {
                    problems.append((text, "non-numeric value '\(text.text)' in numeric column '\(summary.name)' "
                        + "(\(summary.numericCount) of its values are numbers)"))
                } else if isTarget, task == .regression {
                    problems.append((text, "non-numeric value '\(text.text)' in target column '\(summary.name)' "
                        + "(a regression target must be numbers)"))
                }
            }
            if let large = summary.firstOutOfRange, !(summary.forcedCategorical && !isTarget) {
                problems.append((large, "value '\(large.text)' in \(role) '\(summary.name)' is outside the 32-bit float range"))
            }
        }
        if let (place, message) = problems.min(by: { ($0.0.line, $0.0.column) < ($1.0.line, $1.0.column) }) {
            throw DatasetError(file: tokenizer.path, line: place.line, column: place.column, message: message)
        }
    }
}
