import Foundation

/// The beta distribution on [0, 1] with shapes a, b > 0: its CDF (the regularised incomplete
/// beta function I_x(a, b), by Lentz's continued fraction) and its inverse (by bisection, which
/// is slow but exact to the last representable step and needs no starting guess).
///
/// Random search draws `ppf(u)` for one uniform u, as W&B's `stats.beta.ppf(random.uniform())`
/// does, and bayes search learns a beta parameter in the CDF's space, where its prior is uniform.
struct BetaDistribution {
    let a: Double
    let b: Double

    init(a: Double, b: Double) {
        precondition(a > 0 && b > 0, "beta shapes must be positive")
        self.a = a
        self.b = b
    }

    /// P(X <= x).
    func cdf(_ x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry
        // I_x(a, b) = 1 - I_{1-x}(b, a) on the other side.
        let front = exp(a * log(x) + b * log1p(-x) - logBeta)
        if x < (a + 1) / (a + b + 2) { return front * Self.fraction(x, a, b) / a }
        return 1 - front * Self.fraction(1 - x, b, a) / b
    }

    /// The x with cdf(x) = p, p in [0, 1].
    func ppf(_ p: Double) -> Double {
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        var low = 0.0, high = 1.0
        for _ in 0..<200 {
            let mid = (low + high) / 2
            guard mid > low && mid < high else { break }
            if cdf(mid) < p { low = mid } else { high = mid }
        }
        return (low + high) / 2
    }

    private var logBeta: Double { lgamma(a) + lgamma(b) - lgamma(a + b) }

    /// The continued fraction of I_x(a, b) (modified Lentz).
    private static func fraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...300 {
            let m = Double(m)
            var numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            result *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return result
    }
}
