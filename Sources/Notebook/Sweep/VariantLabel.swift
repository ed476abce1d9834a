import Core
import Foundation

/// Human labels for variants: `lr=0.01 hidden=64x32 act=relu seed=2`.
enum VariantLabel {
    static func label(parameters: [SweptValue], seed: Int, fold: Int? = nil) -> String {
        let parts = parameters.map { "\(shortName($0.name))=\(display($0.value))" } + ["seed=\(seed)"] + (fold.map { ["fold=\($0)"] } ?? [])
        return parts.joined(separator: " ")
    }

    /// Swept `model.width` / `model.depth` read as the `hidden` they make (`hidden=[64]*4`), one
    /// entry where the first of them stood: labels keep one form whichever spelling was swept.
    static func shaped(_ parameters: [SweptValue], hidden: ConfigValue?) -> [SweptValue] {
        let shape: Set<String> = ["model.width", "model.depth"]
        guard let first = parameters.firstIndex(where: { shape.contains($0.name) }), let hidden else { return parameters }
        var result = parameters.filter { !shape.contains($0.name) }
        result.insert(SweptValue(name: "model.hidden", value: hidden), at: min(first, result.count))
        return result
    }

    /// `lr` for `training.learning_rate`; otherwise the last path component.
    static func shortName(_ path: String) -> String {
        ConfigSchema.labelAliases[path] ?? String(path.split(separator: ".").last ?? Substring(path))
    }

    /// From this many equal widths on, a layer list reads `[32]*8` rather than `32x32x32x32x32x32x32x32`.
    static let repeatedWidthsThreshold = 4

    /// Compact display: widths as `64x32` (`[32]*8` when four or more are equal), doubles with 4
    /// significant digits.
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
                if let width = repeatedWidth(items) { return "[\(width)]*\(items.count)" }
                return items.map(display).joined(separator: "x")
            }
            return "[" + items.map(display).joined(separator: ",") + "]"
        case .map(let entries):
            return "{" + entries.map { "\($0.key):\(display($0.value))" }.joined(separator: ",") + "}"
        }
    }

    /// The common width of a list of at least `repeatedWidthsThreshold` equal integers, else nil.
    static func repeatedWidth(_ items: [ConfigValue]) -> Int? {
        guard items.count >= repeatedWidthsThreshold, case .int(let width)? = items.first,
              items.allSatisfy({ $0 == .int(width) }) else { return nil }
        return width
    }
}

extension ConfigValue {
    /// Compact human form used in labels and tables: `64x32`, `[32]*8`, `0.001`, `relu`, 4 significant digits.
    public var compactDescription: String { VariantLabel.display(self) }

    /// `(32, 8)` for a list of eight 32s: a list of four or more equal widths, which labels show as `[32]*8`.
    public var repeatedWidths: (width: Int, count: Int)? {
        guard case .list(let items) = self, let width = VariantLabel.repeatedWidth(items) else { return nil }
        return (width, items.count)
    }
}
