import Notebook

/// Seconds a run takes, from what its time is made of (`CostFeatures`: FLOPs, optimizer steps,
/// steps x layers, epochs, the run itself): `seconds = a x flops + b x steps + c x layer-steps +
/// d x epochs + e`, calibrated on the
/// runs that ended so far. A run that ended early (early stopping, divergence, a band) counts at
/// the fraction of its epochs it trained.
///
/// Fitted by Huber-weighted least squares on absolute seconds (the ETA sums seconds, so big runs
/// matter most; one run slowed by a busy machine does not bend the fit), with every coefficient
/// kept non-negative and pulled towards `prior` times one common factor. That pull decides what
/// the runs cannot: while every run seen has the same steps and epochs, their split between the
/// per-step, per-epoch and per-run terms is the prior's; while there are none, the answer is the
/// prior. Each new run outweighs the pull a little more (it weighs as `priorWeight` runs).
///
///     var model = RunTimeModel()
///     model.observe(variant.costTerms.scaled(by: trainedFraction), seconds: record.seconds)
///     let seconds = model.seconds(for: proposed.costTerms)
public struct RunTimeModel: Sendable, Equatable {
    /// Seconds per FLOP, per step, per epoch and per run of this engine on one core: fitted once
    /// (non-negative least squares on relative error) to the recorded runs of the gallery
    /// notebooks that no test replays (quickstart, penguins, loss-softmax, dropout-vs-weight-decay,
    /// norm-residual-depth, class-weights-cv, adaptive-search; release build, AMD EPYC Zen 1),
    /// rounded; the per-step term, which those runs could not separate from the per-epoch one, is
    /// the order of a few small kernel calls.
    ///
    /// The per-layer-step term (added later) takes most of what the per-step one held: 2e-6 a
    /// step plus 5e-6 a layer-step is the old 5e-6 a step at the gallery's typical 2-3 layers, in
    /// line with a quiet recording of 2,000 tiny moons runs (one more layer ~9e-6 s a step).
    public static let prior: [Double] = [1e-10, 2e-6, 5e-6, 4e-4, 5e-3]
    /// FLOPs, steps, layer-steps, epochs, the run: `CostFeatures.terms`.
    static let termCount = 5
    /// How many runs the prior weighs as.
    static let priorWeight = 0.25

    public private(set) var coefficients: [Double]
    public var count: Int { times.count }
    public var isCalibrated: Bool { !times.isEmpty }

    private var rows: [[Double]] = []
    private var times: [Double] = []
    private let base: [Double]
    /// Observations at the last fit: refits happen at geometric steps (every 5% more runs) so that
    /// calibrating on 100,000 runs costs about 250 fits, not 100,000.
    private var fittedCount = 0

    public init(prior: [Double] = RunTimeModel.prior) {
        precondition(prior.count == Self.termCount)
        base = prior
        coefficients = prior
    }

    /// One ended run: the features of what it trained and the seconds it took.
    public mutating func observe(_ features: CostFeatures, seconds: Double) {
        let terms = features.terms
        guard terms.allSatisfy({ $0.isFinite && $0 >= 0 }), seconds.isFinite, seconds >= 0 else { return }
        rows.append(terms)
        times.append(seconds)
        if times.count <= 64 || Double(times.count) >= Double(fittedCount) * 1.05 { refit() }
    }

    public func seconds(for features: CostFeatures) -> Double {
        max(0, zip(coefficients, features.terms).reduce(0) { $0 + $1.0 * $1.1 })
    }

    private mutating func refit() {
        fittedCount = times.count
        coefficients = Self.robustFit(rows: rows, seconds: times, prior: base)
    }

    /// Huber IRLS, the scale from the median absolute residual.
    static func robustFit(rows: [[Double]], seconds: [Double], prior: [Double]) -> [Double] {
        let n = rows.count
        // The prior's seconds of each term of each run: the fit finds one multiplier per term.
        let parts = rows.map { row in (0..<Self.termCount).map { row[$0] * prior[$0] } }
        var weights = [Double](repeating: 1, count: n)
        var multipliers = [Double](repeating: 1, count: Self.termCount)
        for _ in 0..<6 {
            multipliers = penalizedFit(parts, seconds, weights)
            let residuals = (0..<n).map { i in seconds[i] - (0..<Self.termCount).reduce(0) { $0 + parts[i][$1] * multipliers[$1] } }
            let scale = 1.4826 * median(residuals.map(abs))
            guard scale > 0 else { break }
            let k = 1.345 * scale
            weights = residuals.map { abs($0) <= k ? 1 : k / abs($0) }
        }
        return (0..<Self.termCount).map { prior[$0] * multipliers[$0] }
    }

    /// Minimises sum w (y - parts . u)^2 + sum_j lambda_j (u_j - s)^2 over u >= 0 and a free common
    /// factor s: a term the runs do not pin down keeps the prior's share. A term whose multiplier
    /// would be negative is dropped (set to 0) and the rest refitted.
    static func penalizedFit(_ parts: [[Double]], _ y: [Double], _ w: [Double]) -> [Double] {
        var active = (0..<Self.termCount).filter { j in parts.contains { $0[j] > 0 } }
        // Each term's pull weighs as `priorWeight` runs of that term's own size.
        var lambdas = [Double](repeating: 0, count: Self.termCount), weightSum = 0.0
        for i in parts.indices {
            weightSum += w[i]
            for j in 0..<Self.termCount { lambdas[j] += w[i] * parts[i][j] * parts[i][j] }
        }
        lambdas = lambdas.map { priorWeight * $0 / max(weightSum, 1e-300) + 1e-300 }
        while !active.isEmpty {
            let m = active.count
            var a = [[Double]](repeating: [Double](repeating: 0, count: m + 1), count: m + 1)
            var b = [Double](repeating: 0, count: m + 1)
            for i in parts.indices {
                for (r, jr) in active.enumerated() {
                    b[r] += w[i] * parts[i][jr] * y[i]
                    for (c, jc) in active.enumerated() { a[r][c] += w[i] * parts[i][jr] * parts[i][jc] }
                }
            }
            for (r, j) in active.enumerated() {
                let lambda = lambdas[j]
                a[r][r] += lambda; a[r][m] -= lambda; a[m][r] -= lambda; a[m][m] += lambda
            }
            guard let solution = solve(a, b) else { break }
            var u = [Double](repeating: 0, count: Self.termCount)
            for (r, j) in active.enumerated() { u[j] = solution[r] }
            guard let worst = active.min(by: { u[$0] < u[$1] }), u[worst] < 0 else { return u }
            active.removeAll { $0 == worst }
        }
        return [Double](repeating: 0, count: Self.termCount)
    }

    /// Gaussian elimination with partial pivoting; nil when singular.
    static func solve(_ matrix: [[Double]], _ vector: [Double]) -> [Double]? {
        var a = matrix, b = vector
        let n = b.count
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { abs(a[$0][column]) < abs(a[$1][column]) }),
                  abs(a[pivot][column]) > 1e-300 else { return nil }
            a.swapAt(column, pivot); b.swapAt(column, pivot)
            for row in (column + 1)..<n where a[row][column] != 0 {
                let factor = a[row][column] / a[column][column]
                for k in column..<n { a[row][k] -= factor * a[column][k] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<n { sum -= a[row][k] * x[k] }
            x[row] = sum / a[row][row]
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
