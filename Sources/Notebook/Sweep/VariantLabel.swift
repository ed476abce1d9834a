import Foundation

/// Human labels for variants: `lr=0.01 hidden=64x32 act=relu seed=2`.
enum VariantLabel {
    static func label(parameters: [SweptValue], seed: Int) -> String {
        let parts = parameters.map { "\(shortName($0.name))=\(display($0.value))" } + ["seed=\(seed)"]
        return parts.joined(separator: " ")
    }

    /// `lr` for `training.learning_rate`; otherwise the last path component.
    static func shortName(_ path: String) -> String {
        ConfigSchema.labelAliases[path] ?? String(path.split(separator: ".").last ?? Substring(path))
    }

    /// Compact display: widths as `64x32`, doubles with 4 significant digits.
    static func display(_ value: ConfigValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return String(format: "%.4g", number)
        case .string(let text): return text
        case .list(let items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy({ if case .int = $0 { return true } else { return false } }) {
                return items.map(display).joined(separator: "x")
            }
            return "[" + items.map(display).joined(separator: ",") + "]"
        case .map(let entries):
            return "{" + entries.map { "\($0.key):\(display($0.value))" }.joined(separator: ",") + "}"
        }
    }
}

extension ConfigValue {
    /// Compact human form used in labels and tables: `64x32`, `0.001`, `relu`, 4 significant digits.
    public var compactDescription: String { VariantLabel.display(self) }
}
