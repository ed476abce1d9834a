import Foundation

/// Student's t distribution, written from its definition through the regularised incomplete beta
/// function: P(|T| > t) = I_x(df/2, 1/2) with x = df / (df + t^2). Accurate to about 1e-14, which
/// is what the report's intervals and p-values need (a test compares them with scipy's).
enum StudentT {
    /// P(T > t) for t >= 0 (the upper tail), and by symmetry for negative t.
    static func upperTail(_ t: Double, df: Double) -> Double {
        precondition(df > 0, "degrees of freedom must be positive")
        if t.isNaN { return .nan }
        if t.isInfinite { return t > 0 ? 0 : 1 }
        let half = 0.5 * IncompleteBeta.regularized(x: df / (df + t * t), a: df / 2, b: 0.5)
        return t >= 0 ? half : 1 - half
    }

    /// P(|T| > |t|): the two-sided p-value of a t statistic.
    static func twoSided(_ t: Double, df: Double) -> Double {
        if t.isNaN { return .nan }
        if t.isInfinite { return 0 }
        return IncompleteBeta.regularized(x: df / (df + t * t), a: df / 2, b: 0.5)
    }

    /// P(T <= t).
    static func cdf(_ t: Double, df: Double) -> Double { 1 - upperTail(t, df: df) }

    /// The t with P(T <= t) = p, for 0 < p < 1. The upper tail is solved directly (not 1 - p) so
    /// small tails keep their digits: bracket by doubling, then bisect to the last bit.
    static func quantile(_ p: Double, df: Double) -> Double {
        precondition(p > 0 && p < 1, "probability must be in (0, 1)")
        if p == 0.5 { return 0 }
        let tail = p > 0.5 ? 1 - p : p
        var low = 0.0, high = 1.0
        while upperTail(high, df: df) > tail { low = high; high *= 2 }
        for _ in 0..<200 {
            let middle = 0.5 * (low + high)
            guard middle > low, middle < high else { break }
            if upperTail(middle, df: df) > tail { low = middle } else { high = middle }
        }
        let t = 0.5 * (low + high)
        return p > 0.5 ? t : -t
    }
}

/// I_x(a, b), the regularised incomplete beta function, by its continued fraction (modified
/// Lentz), on the side of x where the fraction converges fast.
enum IncompleteBeta {
    static func regularized(x: Double, a: Double, b: Double) -> Double {
        precondition(a > 0 && b > 0, "shape parameters must be positive")
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(x: 1 - x, a: b, b: a) / b
    }

    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300, epsilon = 1e-16
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...10_000 {
            let m = Double(m), twoM = 2 * m
            // Even step.
            var numerator = m * (b - m) * x / ((a + twoM - 1) * (a + twoM))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            // Odd step.
            numerator = -(a + m) * (a + b + m) * x / ((a + twoM) * (a + twoM + 1))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            result *= step
            if abs(step - 1) < epsilon { break }
        }
        return result
    }
}
