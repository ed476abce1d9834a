import Core
import Foundation
import Notebook

extension ConfigValue {
    /// How a swept value reads in tables and labels: `0.001`, `relu`, `[64, 32]`, and `[32]*8` for a
    /// long list of equal widths (which would otherwise be cut short in chart labels).
    var display: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .double(let value): return ReadableNumber.parameter(value)
        case .string(let value): return value
        case .list(let values):
            if let repeated = repeatedWidths { return "[\(repeated.width)]*\(repeated.count)" }
            return "[" + values.map(\.display).joined(separator: ", ") + "]"
        case .map(let entries): return "{" + entries.map { "\($0.key): \($0.value.display)" }.joined(separator: ", ") + "}"
        }
    }

    /// A comparison key that ignores how a number was typed (1 and 1.0 are the same value after a
    /// round trip through JSON) and the order of map keys.
    var canonical: String {
        switch self {
        case .null: return "~"
        case .bool(let value): return value ? "T" : "F"
        case .int(let value): return "n" + Self.seventeenDigits(Double(value))
        case .double(let value): return "n" + Self.seventeenDigits(value)
        case .string(let value): return "s" + value.debugDescription
        case .list(let values): return "[" + values.map(\.canonical).joined(separator: ",") + "]"
        case .map(let entries):
            return "{" + entries.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.canonical)" }
                .joined(separator: ",") + "}"
        }
    }

    /// For a number, what decides its `canonical` key without formatting it: `%.17g` tells every
    /// two doubles apart (17 significant digits identify a double) and writes every NaN of one sign
    /// alike, so two numbers have the same key exactly when these bits are equal (an int counts as
    /// the double it converts to, as in the key). Nil for anything else, whose key never starts
    /// like a number's. Bucketing every run by its value compared keys millions of times.
    var canonicalNumber: UInt64? {
        let number: Double
        switch self {
        case .int(let value): number = Double(value)
        case .double(let value): number = value
        default: return nil
        }
        guard number.isNaN else { return number.bitPattern }
        return number.sign == .minus ? 0xFFF8_0000_0000_0000 : 0x7FF8_0000_0000_0000
    }

    /// `String(format: "%.17g", value)` through the C library's formatter directly, the same bytes
    /// (Foundation hands `%g` to it too) without Foundation's format-string machinery, which was
    /// a tenth of a report's time: every grouping and sort of the report compares these keys.
    static func seventeenDigits(_ value: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 40) { buffer in
            let written = withVaList([value]) { vsnprintf(buffer.baseAddress!, 40, "%.17g", $0) }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(written)), as: UTF8.self)
        }
    }

    /// Exact enough for spreadsheets: the shortest round-tripping form of numbers.
    var csvText: String {
        switch self {
        case .double(let value): return CSVTable.number(value)
        case .list(let values): return "[" + values.map(\.csvText).joined(separator: ", ") + "]"
        default: return display
        }
    }
}
