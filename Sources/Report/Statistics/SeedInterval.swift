/// The 95% Student t confidence interval of a variant's mean over its seeds:
/// mean ± t(0.975, n - 1) · s / √n. Nil with fewer than two seeds (no spread to measure).
enum SeedInterval {
    static let level = 0.95

    static func ci95(mean: Double, std: Double?, n: Int) -> (low: Double, high: Double)? {
        guard n >= 2, let std, std.isFinite, mean.isFinite else { return nil }
        let half = StudentT.quantile(1 - (1 - level) / 2, df: Double(n - 1)) * std / Double(n).squareRoot()
        return (mean - half, mean + half)
    }
}
