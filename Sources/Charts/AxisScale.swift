// Axis scales and their ticks: "nice" linear steps (1, 2, 5 x 10^k), log axes with decade ticks and
// superscript labels, and categorical slots.
import Foundation

public struct Tick: Sendable, Equatable {
    public var value: Double
    /// nil for an unlabelled minor tick (drawn as a fainter grid line).
    public var label: RichText?
    public var isMajor: Bool { label != nil }
}

public struct AxisScale: Sendable {
    public enum Kind: Sendable, Equatable { case linear, log, categorical }
    public var kind: Kind
    /// Domain ends in data units (positive for log; -0.5 and n-0.5 for categories).
    public var lower: Double
    public var upper: Double
    public var ticks: [Tick]

    /// Where `value` falls, 0 at `lower` and 1 at `upper`.
    public func fraction(_ value: Double) -> Double {
        switch kind {
        case .log:
            guard value > 0 else { return -Double.infinity }
            return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        case .linear, .categorical:
            return (value - lower) / (upper - lower)
        }
    }

    /// The 1-2-5 step for about `targetCount` ticks over `span`.
    public static func niceStep(span: Double, targetCount: Int) -> Double {
        let rough = span / Double(max(1, targetCount - 1))
        let magnitude = pow(10, floor(log10(rough)))
        let residual = rough / magnitude
        let factor: Double = residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10
        return factor * magnitude
    }

    /// A linear scale over [minimum, maximum]. With `extendToTicks` the domain grows to the enclosing
    /// multiples of the step (an honest frame with labelled ends); otherwise it stays at the data.
    /// `integerSteps` keeps the step at 1 or more (epochs, layer numbers).
    public static func linear(_ minimum: Double, _ maximum: Double, targetCount: Int = 6, extendToTicks: Bool = true,
                              integerSteps: Bool = false) -> AxisScale {
        var lo = minimum, hi = maximum
        if !(lo.isFinite && hi.isFinite) { lo = 0; hi = 1 }
        if hi < lo { swap(&lo, &hi) }
        lo = max(lo, -1e300)
        hi = min(hi, 1e300)
        if hi - lo < 1e-12 * max(1, abs(hi)) {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        var step = niceStep(span: hi - lo, targetCount: targetCount)
        if integerSteps { step = max(1, step.rounded()) }
        if extendToTicks {
            lo = (lo / step).rounded(.down) * step
            hi = (hi / step).rounded(.up) * step
        }
        let first = Int((lo / step - 1e-9).rounded(.up)), last = Int((hi / step + 1e-9).rounded(.down))
        let ticks = (first...max(first, last)).map { k -> Tick in
            let v = Double(k) * step
            return Tick(value: v, label: formatLinear(v, step: step))
        }.filter { $0.value >= lo - step * 1e-9 && $0.value <= hi + step * 1e-9 }
        return AxisScale(kind: .linear, lower: lo, upper: hi, ticks: ticks)
    }

    /// A label with as many decimals as the step needs; very large or small values as m x 10^e.
    static func formatLinear(_ value: Double, step: Double) -> RichText {
        let magnitude = abs(value)
        if magnitude >= 1e5 || step < 1e-4 {
            if value == 0 { return "0" }
            let exponent = Int(floor(log10(magnitude)))
            let mantissa = value / pow(10, Double(exponent))
            let decimals = max(0, Int((log10(magnitude) - log10(step) + 1e-9).rounded(.down)))
            let m = String(format: "%.\(min(decimals, 3))f", mantissa)
            return m == "1" ? .powerOfTen(exponent) : .powerOfTen(exponent, mantissa: m.replacingOccurrences(of: "-", with: "\u{2212}"))
        }
        let decimals = max(0, Int((-log10(step) - 1e-6).rounded(.up)))
        let text = String(format: "%.\(decimals)f", value)
        return RichText(text.replacingOccurrences(of: "-", with: "\u{2212}"))
    }

    /// A log scale over positive [minimum, maximum], padded by `padDecades` on both ends. Decades are
    /// labelled 10^e (every k-th decade when there are many); with fewer than two decades in view the
    /// 2x and 5x multiples are labelled too.
    public static func log(_ minimum: Double, _ maximum: Double, padDecades: Double = 0.04) -> AxisScale {
        var lo = minimum > 0 && minimum.isFinite ? log10(minimum) : 0
        var hi = maximum > 0 && maximum.isFinite ? log10(maximum) : lo + 1
        if hi < lo { swap(&lo, &hi) }
        if hi - lo < 0.3 {
            let mid = (hi + lo) / 2
            lo = mid - 0.15
            hi = mid + 0.15
        }
        let pad = max(padDecades * (hi - lo), 0.02)
        lo -= pad
        hi += pad
        let firstDecade = Int((lo - 1e-9).rounded(.up)), lastDecade = Int((hi + 1e-9).rounded(.down))
        let decadeCount = max(0, lastDecade - firstDecade + 1)
        let every = max(1, Int((Double(decadeCount) / 7).rounded(.up)))
        // Few decades in view: label the 2x and 5x multiples too, and with still fewer than three labels
        // every multiple (the axis thins labels that would touch).
        let inView = { (v: Double) in log10(v) >= lo && log10(v) <= hi }
        var multiplesLabelled: Set<Int> = []
        if decadeCount < 3 {
            multiplesLabelled = [2, 5]
            let count = (firstDecade - 1...lastDecade).reduce(decadeCount) { total, e in
                total + [2, 5].filter { inView(Double($0) * pow(10, Double(e))) }.count
            }
            if count < 3 { multiplesLabelled = Set(2...9) }
        }
        var ticks: [Tick] = []
        for e in (firstDecade - 1)...(lastDecade) {
            let decade = pow(10, Double(e))
            if e >= firstDecade {
                let labelled = (e - firstDecade) % every == 0
                // Beside plain multiples (0.02, 0.05) a decade reads better plain too (0.01, 0.1).
                let label: RichText = multiplesLabelled.isEmpty || abs(e) > 4 ? .powerOfTen(e) : formatMultiple(1, e)
                ticks.append(Tick(value: decade, label: labelled ? label : nil))
            }
            if decadeCount <= 6 {
                for m in 2...9 {
                    let v = Double(m) * decade
                    guard inView(v) else { continue }
                    ticks.append(Tick(value: v, label: multiplesLabelled.contains(m) ? formatMultiple(m, e) : nil))
                }
            }
        }
        ticks.sort { $0.value < $1.value }
        return AxisScale(kind: .log, lower: pow(10, lo), upper: pow(10, hi), ticks: ticks)
    }

    private static func formatMultiple(_ m: Int, _ e: Int) -> RichText {
        if e >= -4 && e <= 4 {
            let v = Double(m) * pow(10, Double(e))
            return RichText(String(format: "%.\(max(0, -e))f", v))
        }
        return .powerOfTen(e, mantissa: "\(m)")
    }

    /// Epochs 1...n with whole-number ticks; a single epoch sits in the middle of its axis.
    static func epochs(_ count: Int) -> AxisScale {
        count <= 1 ? .linear(0.5, 1.5, targetCount: 3, extendToTicks: false, integerSteps: true)
            : .linear(1, Double(count), targetCount: 7, extendToTicks: false, integerSteps: true)
    }

    /// Equal slots for named categories, in the given order.
    public static func categorical(_ names: [String]) -> AxisScale {
        let ticks = names.enumerated().map { Tick(value: Double($0.offset), label: RichText($0.element)) }
        return AxisScale(kind: .categorical, lower: -0.5, upper: Double(max(1, names.count)) - 0.5, ticks: ticks)
    }

    /// Log when positive values span more than `decades` decades (losses: about one).
    static func prefersLog(_ values: [Double], decades: Double) -> Bool {
        let positive = values.filter { $0 > 0 && $0.isFinite }
        guard let lo = positive.min(), let hi = positive.max(), positive.count == values.filter(\.isFinite).count else { return false }
        return log10(hi / lo) > decades
    }
}
