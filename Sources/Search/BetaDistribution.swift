import Core
import Foundation

/// The beta distribution on [0, 1] with shapes a, b > 0: its CDF (Core's `IncompleteBeta`) and
/// its inverse (by bisection, which is slow but exact to the last representable step and needs no
/// starting guess).
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
    func cdf(_ x: Double) -> Double { IncompleteBeta.regularized(x: x, a: a, b: b) }

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
}
