import Core

/// A pull reader of JSON text for the run records a report reads by the thousand: Foundation's
/// JSONDecoder builds a whole tree of boxed values before the first field is decoded, and was
/// ~1.5 ms of CPU per record at 100,000 records (perf, AMD EPYC Zen 1). This one walks the bytes
/// once and lets its caller skip what it does not need (curves, the configuration) without
/// building it.
///
/// It reads strict JSON (RFC 8259) and gradbook's spelling of non-finite numbers (the strings
/// "nan", "inf", "-inf", `JSONCoding`). Anything else is an error; its callers then decode the
/// same bytes with JSONDecoder, so a record it cannot read gets JSONDecoder's result and message.
struct JSONByteReader {
    struct Failure: Error {
        var position: Int
        var what: String
    }

    let bytes: [UInt8]
    private(set) var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    func fail(_ what: String) -> Failure { Failure(position: position, what: what) }

    mutating func skipSpace() {
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            position += 1
        }
    }

    /// The next byte after white space, nil at the end.
    mutating func peek() -> UInt8? {
        skipSpace()
        return position < bytes.count ? bytes[position] : nil
    }

    mutating func expect(_ byte: UInt8) throws {
        guard peek() == byte else { throw fail("expected '\(Character(Unicode.Scalar(byte)))'") }
        position += 1
    }

    /// Only white space is left.
    mutating func expectEnd() throws {
        guard peek() == nil else { throw fail("unexpected bytes after the value") }
    }

    /// Calls `member` with each key of the object at the reader, the reader at the key's value;
    /// `member` must read or skip that value.
    mutating func object(_ member: (inout JSONByteReader, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        if peek() == UInt8(ascii: "}") { position += 1; return }
        while true {
            guard peek() == Self.quote else { throw fail("expected a key") }
            let key = InternedKeys.shared.intern(try string())
            try expect(UInt8(ascii: ":"))
            try member(&self, key)
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return
            default: throw fail("expected ',' or '}'")
            }
        }
    }

    /// Calls `element` with the reader at each element of the array at the reader; the count.
    @discardableResult
    mutating func array(_ element: (inout JSONByteReader) throws -> Void) throws -> Int {
        try expect(UInt8(ascii: "["))
        if peek() == UInt8(ascii: "]") { position += 1; return 0 }
        var count = 0
        while true {
            try element(&self)
            count += 1
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return count
            default: throw fail("expected ',' or ']'")
            }
        }
    }

    /// Moves past one value (checking it is JSON); for an array, its element count.
    @discardableResult
    mutating func skipValue() throws -> Int {
        switch peek() {
        case UInt8(ascii: "{"):
            try object { reader, _ in try reader.skipValue() }
            return 0
        case UInt8(ascii: "["):
            return try array { reader in try reader.skipValue() }
        case Self.quote:
            _ = try string()
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try bool()
        case UInt8(ascii: "n"):
            try null()
        default:
            _ = try numberRange()
        }
        return 0
    }

    /// True (and past it) when the next value is `null`.
    mutating func takeNull() -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        return (try? null()) != nil
    }

    mutating func null() throws { try literal("null") }

    mutating func bool() throws -> Bool {
        if peek() == UInt8(ascii: "t") { try literal("true"); return true }
        try literal("false")
        return false
    }

    private mutating func literal(_ word: StaticString) throws {
        skipSpace()
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw fail("expected \(word)") }
        let matches = word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[position + $0] == expected[$0] }
        }
        guard matches else { throw fail("expected \(word)") }
        position += count
    }

    /// A JSON string, escapes resolved (`\uXXXX` with surrogate pairs, as JSONDecoder reads them).
    mutating func string() throws -> String {
        guard peek() == Self.quote else { throw fail("expected a string") }
        position += 1
        let start = position
        // The common case: no escape, so the bytes between the quotes are the string.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == Self.quote {
                defer { position += 1 }
                return try validated(bytes[start..<position])
            }
            if byte == Self.backslash { break }
            if byte < 0x20 { throw fail("control character in a string") }
            position += 1
        }
        var text = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == Self.quote { return try validated(text[...]) }
            if byte < 0x20 { throw fail("control character in a string") }
            guard byte == Self.backslash else { text.append(byte); continue }
            guard position < bytes.count else { break }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard position + 1 < bytes.count, bytes[position] == Self.backslash, bytes[position + 1] == UInt8(ascii: "u") else {
                        throw fail("lone surrogate")
                    }
                    position += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw fail("lone surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw fail("lone surrogate")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw fail("bad \\u escape") }
                text.append(contentsOf: String(Character(unicode)).utf8)
            default: throw fail("bad escape")
            }
        }
        throw fail("unterminated string")
    }

    private func validated(_ utf8: ArraySlice<UInt8>) throws -> String {
        guard let text = String(validating: utf8, as: UTF8.self) else { throw fail("invalid UTF-8") }
        return text
    }

    private mutating func hex4() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            position += 1
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw fail("bad \\u escape")
            }
            value = value << 4 | digit
        }
        return value
    }

    /// The bytes of a number (JSON's grammar checked) and whether it is an integer literal.
    private mutating func numberRange() throws -> (range: Range<Int>, integer: Bool) {
        skipSpace()
        let start = position
        func digits() -> Int {
            let first = position
            while position < bytes.count, (0x30...0x39).contains(bytes[position]) { position += 1 }
            return position - first
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        let intStart = position
        let whole = digits()
        guard whole > 0, whole == 1 || bytes[intStart] != 0x30 else { throw fail("bad number") }
        var integer = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            integer = false
            guard digits() > 0 else { throw fail("bad number") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            integer = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw fail("bad number") }
        }
        return (start..<position, integer)
    }

    /// An integer literal that fits an Int (a fraction or exponent is an error: JSONDecoder's
    /// rules for those differ by platform, so they are left to it).
    mutating func int() throws -> Int {
        let (range, integer) = try numberRange()
        guard integer else { throw fail("not an integer literal") }
        var value = 0
        let negative = bytes[range.lowerBound] == UInt8(ascii: "-")
        for index in (negative ? range.lowerBound + 1 : range.lowerBound)..<range.upperBound {
            let digit = Int(bytes[index] - 0x30)
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflow, !overflow2 else { throw fail("integer out of range") }
            value = sum
        }
        return value
    }

    /// A number, or one of gradbook's strings for the non-finite ones.
    mutating func double() throws -> Double {
        if peek() == Self.quote {
            switch try string() {
            case "nan": return .nan
            case "inf": return .infinity
            case "-inf": return -.infinity
            default: throw fail("expected a number")
            }
        }
        let (range, _) = try numberRange()
        return try parsed(range)
    }

    private func parsed(_ range: Range<Int>) throws -> Double {
        guard let value = Double(String(decoding: bytes[range], as: UTF8.self)), value.isFinite else {
            throw fail("number out of range")
        }
        return value
    }

    /// A configuration value as `ConfigValue`'s Decodable reads it through JSONDecoder: numbers
    /// that are integer literals are `.int`, other numbers and "nan"/"inf"/"-inf" `.double`,
    /// objects keep the file's key order. An integral number spelt with a fraction or exponent
    /// (which JSONDecoder may read as either) is an error, left to JSONDecoder.
    mutating func configValue() throws -> ConfigValue {
        switch peek() {
        case UInt8(ascii: "{"):
            var entries: [ConfigEntry] = []
            try object { reader, key in entries.append(ConfigEntry(key: key, value: try reader.configValue())) }
            return .map(entries)
        case UInt8(ascii: "["):
            var values: [ConfigValue] = []
            try array { reader in values.append(try reader.configValue()) }
            return .list(values)
        case Self.quote:
            let text = try string()
            switch text {
            case "nan": return .double(.nan)
            case "inf": return .double(.infinity)
            case "-inf": return .double(-.infinity)
            default: return .string(text)
            }
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return .bool(try bool())
        case UInt8(ascii: "n"):
            try null()
            return .null
        default:
            let start = position
            let (range, integer) = try numberRange()
            if integer {
                position = start
                if let value = try? int() { return .int(value) }
                position = range.upperBound
                return .double(try parsed(range))
            }
            let value = try parsed(range)
            guard value.rounded() != value else { throw fail("integral number with a fraction or exponent") }
            return .double(value)
        }
    }

    /// An object of numbers by name (`final_metrics`, an epoch's `metrics`).
    mutating func doubles() throws -> [String: Double] {
        var values: [String: Double] = [:]
        try object { reader, key in values[key] = try reader.double() }
        return values
    }
}
