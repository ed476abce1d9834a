/// Byte-level checks done before libyaml sees the file, so the error can name a line and column
/// (libyaml's reader reports invalid UTF-8 only by byte offset).
enum UTF8Check {
    /// Offset of the first byte that is not part of a well-formed UTF-8 sequence.
    static func firstInvalidByte(in bytes: [UInt8]) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int
            let minimum: UInt32
            switch lead {
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: return index
            }
            guard index + length <= count else { return index }
            var scalar = UInt32(lead) & (0xFF >> (length + 1))
            for offset in 1..<length {
                let next = bytes[index + offset]
                guard next & 0xC0 == 0x80 else { return index }
                scalar = scalar << 6 | UInt32(next & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
            index += length
        }
        return nil
    }

    /// 1-based line and column (in characters) of a byte offset.
    static func mark(ofByteOffset offset: Int, in bytes: [UInt8]) -> SourceMark {
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == 0x0A { line += 1; column = 1 }
            else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return SourceMark(line: line, column: column)
    }

    /// The position of a tab in the leading whitespace of `line`, at or before `column`: the
    /// usual cause of libyaml's "found character that cannot start any token".
    static func indentationTab(onLine line: Int, atOrBefore column: Int, in bytes: [UInt8]) -> SourceMark? {
        var currentLine = 1
        var index = 0
        while index < bytes.count && currentLine < line {
            if bytes[index] == 0x0A { currentLine += 1 }
            index += 1
        }
        guard currentLine == line else { return nil }
        var col = 1
        while index < bytes.count, col <= column {
            switch bytes[index] {
            case 0x09: return SourceMark(line: line, column: col)
            case 0x20, 0x2D: break   // spaces and the '-' of block sequence entries
            default: return nil
            }
            index += 1
            col += 1
        }
        return nil
    }
}
