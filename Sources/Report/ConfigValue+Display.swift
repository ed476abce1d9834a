import Core
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
        case .int(let value): return "n" + String(format: "%.17g", Double(value))
        case .double(let value): return "n" + String(format: "%.17g", value)
        case .string(let value): return "s" + value.debugDescription
        case .list(let values): return "[" + values.map(\.canonical).joined(separator: ",") + "]"
        case .map(let entries):
            return "{" + entries.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.canonical)" }
                .joined(separator: ",") + "}"
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
