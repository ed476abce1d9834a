import Foundation

/// Seconds a run of a variant takes, calibrated from runs that finished: `seconds = a x work + b`,
/// with `work` the unitless `Variant.cost` (parameters x training samples x epochs) and `b` the
/// per-run overhead (process start, data set, record). Fitted robustly (Huber-weighted least squares,
/// a and b kept non-negative) so that a run slowed by a busy machine does not bend the line.
///
/// Before any run finished the estimate is `prior`, a rough speed of this project's engine on tiny
/// networks; after one it is a line through the origin; after two of different work, the fit.
/// The progress ETA, the live report's "expected to finish at" and the adaptive-search budgets all
/// read it. Shard ownership never does: it must not depend on measured times (`ShardPlanner` keeps
/// balancing by the unitless cost).
///
///     var model = CostModel()
///     for (variant, record) in finished where record.status == .ok {
///         model.observe(work: variant.cost, seconds: record.seconds)
///     }
///     let seconds = model.seconds(for: proposed)    // Double, >= 0
public struct CostModel: Sendable, Equatable {
    public struct Fit: Sendable, Equatable {
        /// Seconds per unit of `Variant.cost` (a).
        public var secondsPerWork: Double
        /// Seconds every run takes whatever its size (b).
        public var overheadSeconds: Double

        public init(secondsPerWork: Double, overheadSeconds: Double) {
            self.secondsPerWork = secondsPerWork
            self.overheadSeconds = overheadSeconds
        }

        public func seconds(forWork work: Double) -> Double {
            max(0, secondsPerWork * max(0, work) + overheadSeconds)
        }
    }

    /// About 1.5 GFLOP/s of useful work at 6 FLOP per parameter and sample (forward plus backward),
    /// plus 10 ms per run: the right order for one core of a 2020s machine on tiny networks.
    public static let prior = Fit(secondsPerWork: 4e-9, overheadSeconds: 0.01)

    public private(set) var fit: Fit
    /// Finished runs seen so far.
    public var count: Int { works.count }
    public var isCalibrated: Bool { !works.isEmpty }

    private var works: [Double] = []
    private var times: [Double] = []
    /// Observations at the last fit: refits happen at geometric steps (every 5% more runs) so that
    /// calibrating on 100,000 runs costs about 250 fits, not 100,000.
    private var fittedCount = 0

    public init(prior: Fit = CostModel.prior) { fit = prior }

    /// One finished run: its unitless work and the seconds it took. Only runs that trained to the
    /// end say how long their work takes (a diverged or stopped run ended early).
    public mutating func observe(work: Double, seconds: Double) {
        guard work.isFinite, work >= 0, seconds.isFinite, seconds >= 0 else { return }
        works.append(work)
        times.append(seconds)
        if works.count <= 64 || Double(works.count) >= Double(fittedCount) * 1.05 { refit() }
    }

    public func seconds(forWork work: Double) -> Double { fit.seconds(forWork: work) }

    private mutating func refit() {
        fittedCount = works.count
        fit = Self.robustFit(works: works, seconds: times)
    }

    /// Huber IRLS on absolute residuals (the ETA sums seconds, so big runs matter most), scale from
    /// the median absolute residual; a negative intercept falls back to a line through the origin,
    /// a negative slope (or works that are all equal) to a constant through the origin's ratio.
    static func robustFit(works: [Double], seconds: [Double]) -> Fit {
        let n = works.count
        precondition(n > 0 && n == seconds.count)
        var weights = [Double](repeating: 1, count: n)
        var fit = Fit(secondsPerWork: 0, overheadSeconds: 0)
        for _ in 0..<8 {
            fit = weightedLine(works, seconds, weights)
            let residuals = (0..<n).map { seconds[$0] - fit.seconds(forWork: works[$0]) }
            let scale = 1.4826 * median(residuals.map(abs))
            guard scale > 0 else { break }
            let k = 1.345 * scale
            weights = residuals.map { abs($0) <= k ? 1 : k / abs($0) }
        }
        return fit
    }

    private static func weightedLine(_ x: [Double], _ y: [Double], _ w: [Double]) -> Fit {
        var sw = 0.0, sx = 0.0, sy = 0.0
        for i in x.indices { sw += w[i]; sx += w[i] * x[i]; sy += w[i] * y[i] }
        let mx = sx / sw, my = sy / sw
        var sxx = 0.0, sxy = 0.0
        for i in x.indices { sxx += w[i] * (x[i] - mx) * (x[i] - mx); sxy += w[i] * (x[i] - mx) * (y[i] - my) }
        // Distinct works: the fitted line, if both its terms make sense.
        if sxx > 1e-12 * max(1, mx * mx) * sw {
            let slope = sxy / sxx, intercept = my - slope * mx
            if slope >= 0 && intercept >= 0 { return Fit(secondsPerWork: slope, overheadSeconds: intercept) }
            if slope < 0 { return Fit(secondsPerWork: 0, overheadSeconds: max(0, my)) }
        }
        // Through the origin: seconds proportional to work (or all overhead when the work is zero).
        var sxxo = 0.0, sxyo = 0.0
        for i in x.indices { sxxo += w[i] * x[i] * x[i]; sxyo += w[i] * x[i] * y[i] }
        if sxxo > 0 { return Fit(secondsPerWork: max(0, sxyo / sxxo), overheadSeconds: 0) }
        return Fit(secondsPerWork: 0, overheadSeconds: max(0, my))
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

extension CostModel {
    public func seconds(for variant: Variant) -> Double { seconds(forWork: variant.cost) }
}
