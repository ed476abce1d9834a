import Foundation

/// Numbers as a person reads them in a report: a few significant digits, no trailing zeros, no
/// binary noise such as 0.30000000000000004, exponents only for very small or very large values.
public enum ReadableNumber {
    /// `significant` digits; fixed notation for magnitudes in [1e-4, 1e6), `1.2e-5` style otherwise.
    public static func format(_ value: Double, significant: Int = 3) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf") }
        if value == 0 { return "0" }
        let digits = max(1, significant)
        let magnitude = abs(value)
        if magnitude >= 1e-4 && magnitude < 1e6 {
            let exponent = Int(floor(log10(magnitude)))
            let decimals = max(0, digits - 1 - exponent)
            // Whole numbers with more digits than asked for are rounded too: 106477 -> 110000.
            let excess = exponent + 1 - digits
            let rounded = excess > 0 ? (value / pow(10, Double(excess))).rounded() * pow(10, Double(excess)) : value
            let text = String(format: "%.\(decimals)f", rounded)
            return trimmingZeros(text)
        }
        let text = String(format: "%.\(digits - 1)e", value)
        guard let eIndex = text.firstIndex(of: "e") else { return text }
        let mantissa = trimmingZeros(String(text[..<eIndex]))
        var exponent = String(text[text.index(after: eIndex)...])
        let sign = exponent.hasPrefix("-") ? "-" : ""
        exponent = String(exponent.drop(while: { $0 == "+" || $0 == "-" || $0 == "0" }))
        return "\(mantissa)e\(sign)\(exponent.isEmpty ? "0" : exponent)"
    }

    /// A parameter value as the user wrote it: up to 6 significant digits (0.1 + 0.2 reads as 0.3).
    public static func parameter(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return format(value, significant: 6)
    }

    /// `0.912 ± 0.013`, or just the mean when there is a single value.
    public static func meanStd(_ mean: Double, _ std: Double?, significant: Int = 3) -> String {
        guard let std, std.isFinite else { return format(mean, significant: significant) }
        return "\(format(mean, significant: significant)) ± \(format(std, significant: 2))"
    }

    /// A signed difference: `+0.012`, `-3.1`.
    public static func signed(_ value: Double, significant: Int = 2) -> String {
        let text = format(value, significant: significant)
        return value > 0 ? "+\(text)" : text
    }

    /// Wall-clock durations: `4.2 s`, `3 min 12 s`, `1 h 05 min`.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "unknown" }
        if seconds < 60 { return "\(format(seconds, significant: seconds < 10 ? 2 : 3)) s" }
        let total = Int(seconds.rounded())
        if total < 3600 { return "\(total / 60) min \(total % 60) s" }
        return "\(total / 3600) h \(String(format: "%02d", (total % 3600) / 60)) min"
    }

    /// A ratio below 1 as `1/1000`, above 1 as `30 times`.
    static func fraction(_ ratio: Double) -> String {
        guard ratio.isFinite, ratio > 0 else { return format(ratio) }
        if ratio < 1 { return "1/\(format(1 / ratio, significant: 2))" }
        return "\(format(ratio, significant: 2)) times"
    }

    private static func trimmingZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var trimmed = Substring(text)
        while trimmed.hasSuffix("0") { trimmed = trimmed.dropLast() }
        if trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
        return trimmed == "-0" ? "0" : String(trimmed)
    }
}
