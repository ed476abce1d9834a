import Foundation

/// Four significant digits for messages and summaries (`43.92`, `0.0001234`).
enum ReadableValue {
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e9 { return String(Int64(value)) }
        var text = String(format: "%.4g", value)
        if text.contains("e") { return text }
        if text.contains(".") { while text.hasSuffix("0") { text.removeLast() } }
        return text
    }
}
