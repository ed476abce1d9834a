import Core
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
