// Text with runs of different size and baseline: enough for "10" with a raised, smaller exponent.

/// One run of text; `sizeScale` multiplies the base size and `rise` lifts the baseline by that fraction
/// of the base size.
public struct TextSpan: Sendable, Equatable {
    public var text: String
    public var sizeScale: Double
    public var rise: Double
    public init(_ text: String, sizeScale: Double = 1, rise: Double = 0) {
        self.text = text
        self.sizeScale = sizeScale
        self.rise = rise
    }
}

public struct RichText: Sendable, Equatable, ExpressibleByStringLiteral {
    public var spans: [TextSpan]
    public init(_ plain: String) { spans = [TextSpan(plain)] }
    public init(spans: [TextSpan]) { self.spans = spans }
    public init(stringLiteral value: String) { self.init(value) }

    /// "10" with the exponent as a superscript, using a true minus sign (U+2212).
    public static func powerOfTen(_ exponent: Int, mantissa: String? = nil) -> RichText {
        let exponentText = exponent < 0 ? "\u{2212}\(-exponent)" : "\(exponent)"
        var spans: [TextSpan] = []
        if let mantissa { spans.append(TextSpan("\(mantissa)\u{00D7}")) }
        spans.append(TextSpan("10"))
        spans.append(TextSpan(exponentText, sizeScale: 0.72, rise: 0.42))
        return RichText(spans: spans)
    }

    /// The characters, without formatting (for tests and fallbacks).
    public var plain: String { spans.map(\.text).joined() }
}
