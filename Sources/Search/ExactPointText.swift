import Core

/// A search point's values as one line of text that reads back to the same values bit for bit,
/// for round files that other processes adopt instead of proposing the round themselves.
///
/// JSON would not do: its numbers lose the difference between `1` and `1.0` (an int and a double
/// are different trained values, so different variant ids), and printing a double in decimal is
/// one more place where two builds could differ. So every value carries its kind, doubles travel
/// as their IEEE bit pattern, and strings and containers are length-prefixed (nothing to escape):
///
///     n  t  f  i<decimal>;  d<16 hex digits>  s<utf-8 byte count>:<bytes>
///     l<count>:<values>  m<count>:<key as s...><value>...
public enum ExactPointText {
    public static func text(of values: [ConfigValue]) -> String {
        var out = ""
        write(.list(values), to: &out)
        return out
    }

    /// The values `text(of:)` wrote; nil for text it did not write (a cut or edited file).
    public static func values(from text: String) -> [ConfigValue]? {
        var reader = Reader(bytes: Array(text.utf8))
        guard case .list(let values)? = reader.value(), reader.isAtEnd else { return nil }
        return values
    }

    private static func write(_ value: ConfigValue, to out: inout String) {
        switch value {
        case .null: out += "n"
        case .bool(let flag): out += flag ? "t" : "f"
        case .int(let number): out += "i\(number);"
        case .double(let number):
            let hex = String(number.bitPattern, radix: 16)
            out += "d" + String(repeating: "0", count: 16 - hex.count) + hex
        case .string(let string): writeString(string, to: &out)
        case .list(let values):
            out += "l\(values.count):"
            for item in values { write(item, to: &out) }
        case .map(let entries):
            out += "m\(entries.count):"
            for entry in entries {
                writeString(entry.key, to: &out)
                write(entry.value, to: &out)
            }
        }
    }

    private static func writeString(_ string: String, to out: inout String) {
        out += "s\(string.utf8.count):" + string
    }

    private struct Reader {
        let bytes: [UInt8]
        var at = 0
        var isAtEnd: Bool { at == bytes.count }

        mutating func value() -> ConfigValue? {
            guard at < bytes.count else { return nil }
            let tag = bytes[at]
            at += 1
            switch tag {
            case UInt8(ascii: "n"): return .null
            case UInt8(ascii: "t"): return .bool(true)
            case UInt8(ascii: "f"): return .bool(false)
            case UInt8(ascii: "i"):
                guard let digits = through(UInt8(ascii: ";")), let number = Int(digits) else { return nil }
                return .int(number)
            case UInt8(ascii: "d"):
                guard at + 16 <= bytes.count, let bits = UInt64(String(decoding: bytes[at..<at + 16], as: UTF8.self), radix: 16) else { return nil }
                at += 16
                return .double(Double(bitPattern: bits))
            case UInt8(ascii: "s"): return string().map(ConfigValue.string)
            case UInt8(ascii: "l"):
                guard let count = count() else { return nil }
                var values: [ConfigValue] = []
                for _ in 0..<count {
                    guard let item = value() else { return nil }
                    values.append(item)
                }
                return .list(values)
            case UInt8(ascii: "m"):
                guard let count = count() else { return nil }
                var entries: [ConfigEntry] = []
                for _ in 0..<count {
                    guard at < bytes.count, bytes[at] == UInt8(ascii: "s") else { return nil }
                    at += 1
                    guard let key = string(), let item = value() else { return nil }
                    entries.append(ConfigEntry(key: key, value: item))
                }
                return .map(entries)
            default: return nil
            }
        }

        /// A count before `:` (bounded by what is left, so a corrupt count cannot allocate).
        private mutating func count() -> Int? {
            guard let digits = through(UInt8(ascii: ":")), let count = Int(digits), count >= 0, count <= bytes.count - at else { return nil }
            return count
        }

        private mutating func string() -> String? {
            guard let length = count() else { return nil }
            let text = String(decoding: bytes[at..<at + length], as: UTF8.self)
            at += length
            return text
        }

        /// The text before `end` (consumed with it), nil when `end` never comes.
        private mutating func through(_ end: UInt8) -> String? {
            guard let stop = bytes[at...].firstIndex(of: end) else { return nil }
            let text = String(decoding: bytes[at..<stop], as: UTF8.self)
            at = stop + 1
            return text
        }
    }
}
