import Foundation

/// Welch's two-sample t test of two variants' seed values (unequal variances), two-sided, and
/// how many seeds per variant a difference of the observed size would need to be told apart.
struct WelchTest: Sendable, Equatable {
    static let alpha = 0.05
    static let power = 0.8
    /// Beyond this many seeds per variant the report says "more than ...".
    static let maximumSeeds = 10_000

    var difference: Double
    var t: Double
    var df: Double
    var pValue: Double
    /// Seeds per variant for 80% power at two-sided alpha 0.05, assuming the observed difference
    /// and the pooled standard deviation are the truth; nil when the difference is zero or the
    /// spread is zero (nothing to separate, or nothing to separate it from).
    var seedsNeeded: Int?

    /// The standard error of the difference, √(s²a/na + s²b/nb).
    var standardError: Double

    /// Nil when either side has fewer than two values.
    init?(_ a: [Double], _ b: [Double]) {
        guard a.count >= 2, b.count >= 2 else { return nil }
        let (meanA, varA) = Self.meanVariance(a), (meanB, varB) = Self.meanVariance(b)
        self.init(meanA: meanA, varianceA: varA, countA: a.count, meanB: meanB, varianceB: varB, countB: b.count)
    }

    /// From each side's mean, sample variance and count (a baseline's results.json keeps only
    /// these); nil when either side has fewer than two values.
    init?(meanA: Double, varianceA varA: Double, countA: Int, meanB: Double, varianceB varB: Double, countB: Int) {
        guard countA >= 2, countB >= 2 else { return nil }
        let (na, nb) = (Double(countA), Double(countB))
        let (seA, seB) = (varA / na, varB / nb)
        difference = meanA - meanB
        let se = (seA + seB).squareRoot()
        standardError = se
        if se == 0 {
            // No spread on either side: identical values are no evidence of anything (scipy: nan),
            // different ones are as separated as numbers get.
            t = difference == 0 ? .nan : (difference > 0 ? .infinity : -.infinity)
            df = na + nb - 2
            pValue = difference == 0 ? .nan : 0
            seedsNeeded = nil
            return
        }
        t = difference / se
        df = (seA + seB) * (seA + seB) / (seA * seA / (na - 1) + seB * seB / (nb - 1))
        pValue = StudentT.twoSided(t, df: df)
        let pooled = ((varA + varB) / 2).squareRoot()
        seedsNeeded = Self.seedsNeeded(effect: abs(difference) / pooled)
    }

    /// The 95% Welch interval of the difference: difference ± t(0.975, df) · standard error.
    var ci95: (low: Double, high: Double)? {
        guard df.isFinite, df > 0, standardError.isFinite else { return nil }
        let half = StudentT.quantile(1 - (1 - SeedInterval.level) / 2, df: df) * standardError
        return (difference - half, difference + half)
    }

    /// The smallest n >= 2 whose two-sample t test with n seeds per side (df = 2n - 2) reaches
    /// 80% power for a standardised difference `effect`. The noncentral t of the statistic is
    /// approximated by a central t shifted by its noncentrality δ = effect · √(n/2) (the normal
    /// approximation with a t correction): power ≈ P(T > t* - δ) + P(T < -t* - δ). It is a
    /// little optimistic at very small n (a test measures how far it is from the exact count).
    static func seedsNeeded(effect: Double) -> Int? {
        guard effect.isFinite, effect > 0 else { return nil }
        func power(_ n: Int) -> Double {
            let df = Double(2 * n - 2)
            let critical = StudentT.quantile(1 - alpha / 2, df: df)
            let shift = effect * (Double(n) / 2).squareRoot()
            return StudentT.upperTail(critical - shift, df: df) + StudentT.cdf(-critical - shift, df: df)
        }
        guard power(maximumSeeds) >= Self.power else { return maximumSeeds + 1 }
        // Power grows with n: bisect on [2, maximumSeeds].
        var low = 2, high = maximumSeeds
        if power(low) >= Self.power { return low }
        while high - low > 1 {
            let middle = (low + high) / 2
            if power(middle) >= Self.power { high = middle } else { low = middle }
        }
        return high
    }

    /// Mean and sample variance (n - 1).
    static func meanVariance(_ values: [Double]) -> (Double, Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
        return (mean, variance)
    }
}
