import Foundation

/// One field of a CSV record: a byte range of the file, without its quotes.
struct CSVField: Sendable {
    var start: Int
    var end: Int
    /// The field was quoted (RFC 4180); quoted text is never trimmed.
    var quoted: Bool
    /// The quoted text contains `""` pairs that stand for one `"`.
    var hasEscapedQuotes: Bool
}

/// Splits a CSV byte buffer into records of fields (RFC 4180): a delimiter between fields, `\n` or
/// `\r\n` after a record, fields in double quotes may hold delimiters, line breaks and `""`.
/// Empty lines between records are skipped; old Mac `\r`-only line ends are not supported. Line
/// numbers are counted so errors can point at them.
struct CSVTokenizer {
    let bytes: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8
    let path: String
    /// Next byte to read.
    private(set) var position: Int
    /// 1-based line of the next byte.
    private(set) var line = 1
    /// Line and byte offset where the record last returned starts.
    private(set) var recordLine = 1
    private(set) var recordStart = 0

    private static let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

    init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, path: String) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.path = path
        // A UTF-8 byte order mark (Excel writes one) is not part of the first column's name.
        position = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// Reads the next record into `fields`; false at the end of the data.
    mutating func nextRecord(into fields: inout [CSVField]) throws -> Bool {
        fields.removeAll(keepingCapacity: true)
        let count = bytes.count
        while position < count {
            if bytes[position] == Self.newline {
                position += 1
                line += 1
            } else if bytes[position] == Self.carriageReturn, position + 1 < count, bytes[position + 1] == Self.newline {
                position += 2
                line += 1
            } else {
                break
            }
        }
        guard position < count else { return false }
        recordLine = line
        recordStart = position
        while true {
            guard position < count else {
                // The record ended with a delimiter right at the end of the file: one more empty field.
                fields.append(CSVField(start: position, end: position, quoted: false, hasEscapedQuotes: false))
                return true
            }
            // `a, "b"` is common: blanks before an opening quote are not part of the field.
            var firstNonBlank = position
            while firstNonBlank < count, bytes[firstNonBlank] == UInt8(ascii: " "), delimiter != UInt8(ascii: " ") {
                firstNonBlank += 1
            }
            if firstNonBlank < count, bytes[firstNonBlank] == Self.quote {
                position = firstNonBlank
                try readQuotedField(into: &fields)
            } else {
                let start = position
                while position < count {
                    let byte = bytes[position]
                    if byte == delimiter || byte == Self.newline { break }
                    position += 1
                }
                var end = position
                if end > start, bytes[end - 1] == Self.carriageReturn, position == count || bytes[position] == Self.newline {
                    end -= 1
                }
                fields.append(CSVField(start: start, end: end, quoted: false, hasEscapedQuotes: false))
            }
            if position >= count { return true }
            if bytes[position] == delimiter {
                position += 1
                continue
            }
            // A newline (readQuotedField has checked what follows a closing quote).
            position += 1
            line += 1
            return true
        }
    }

    private mutating func readQuotedField(into fields: inout [CSVField]) throws {
        let count = bytes.count
        let openingLine = line
        position += 1
        let start = position
        var escaped = false
        while true {
            guard position < count else {
                throw DatasetError(file: path, line: openingLine, column: fields.count + 1,
                                   message: "quoted field is never closed (no matching '\"' before the end of the file)")
            }
            let byte = bytes[position]
            if byte == Self.quote {
                if position + 1 < count, bytes[position + 1] == Self.quote {
                    escaped = true
                    position += 2
                    continue
                }
                break
            }
            if byte == Self.newline { line += 1 }
            position += 1
        }
        fields.append(CSVField(start: start, end: position, quoted: true, hasEscapedQuotes: escaped))
        position += 1
        while position < count, bytes[position] == UInt8(ascii: " "), delimiter != UInt8(ascii: " ") { position += 1 }
        if position + 1 < count, bytes[position] == Self.carriageReturn, bytes[position + 1] == Self.newline {
            position += 1
        }
        guard position >= count || bytes[position] == delimiter || bytes[position] == Self.newline else {
            throw DatasetError(file: path, line: line, column: fields.count,
                               message: "unexpected '\(Character(Unicode.Scalar(bytes[position])))' after a closing quote (a quote inside a quoted field is written \"\")")
        }
    }

    /// The 1-based line where field `field` of the current record starts (records may span lines).
    func line(of field: CSVField) -> Int {
        var result = recordLine
        let fieldStart = field.quoted ? field.start - 1 : field.start
        for offset in recordStart..<max(recordStart, fieldStart) where bytes[offset] == Self.newline { result += 1 }
        return result
    }

    /// The field's text: unquoted fields are trimmed of surrounding spaces, quoted fields are kept
    /// as written with `""` turned back into `"`.
    func text(of field: CSVField) -> String {
        let (start, end) = field.quoted ? (field.start, field.end) : trimmed(field)
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
        let raw = String(decoding: slice, as: UTF8.self)
        return field.hasEscapedQuotes ? raw.replacingOccurrences(of: "\"\"", with: "\"") : raw
    }

    /// The byte range without leading and trailing spaces and tabs (tabs only when not the delimiter).
    func trimmed(_ field: CSVField) -> (Int, Int) {
        var start = field.start, end = field.end
        while start < end, isBlank(bytes[start]) { start += 1 }
        while end > start, isBlank(bytes[end - 1]) { end -= 1 }
        return (start, end)
    }

    private func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (byte == UInt8(ascii: "\t") && delimiter != UInt8(ascii: "\t"))
    }
}

extension CSVTokenizer {
    /// Picks the delimiter from the header line: whichever of `,` `;` and tab occurs most often
    /// outside quotes (comma on a tie or when there is none: a one-column file).
    static func detectDelimiter(in bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0]
        var inQuotes = false
        for byte in bytes {
            if byte == quote { inQuotes.toggle() }
            if !inQuotes, byte == newline { break }
            if !inQuotes, counts[byte] != nil { counts[byte, default: 0] += 1 }
        }
        let ranked = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]
        return ranked.max { (counts[$0] ?? 0) < (counts[$1] ?? 0) } ?? UInt8(ascii: ",")
    }
}
