import Core

/// `early_terminate: {type: hyperband, ...}`: the epochs ("bands") at which a cohort of
/// configurations keeps its best ceil(n / eta) and the others end as `terminated`. An operational
/// setting of the experiment: it decides which runs train to the end, never what a run computes,
/// so it is not part of any variant id.
public struct Hyperband: Sendable, Hashable {
    /// `min_iter`: the first band; the next ones are min_iter * eta^k.
    public var minIter: Int?
    /// `max_iter` and `s`: the bands are max_iter / eta^k for k = 1...s (W&B's other form).
    public var maxIter: Int?
    public var s: Int?
    /// `eta` (default 3): each band keeps ceil(n / eta) of its n configurations.
    public var eta: Double = 3
    /// `strict` (default true, as W&B's): rank by the metric at the band's epoch; false ranks by
    /// the best value up to that epoch (W&B's conservative condition).
    public var strict = true
    /// `cohort`: for grid and random, how many consecutive configurations of the plan decide
    /// together (default 27); bayes decides per round.
    public var cohort: Int?
    public static let defaultCohort = 27

    public init(minIter: Int? = nil, maxIter: Int? = nil, s: Int? = nil, eta: Double = 3, strict: Bool = true, cohort: Int? = nil) {
        self.minIter = minIter
        self.maxIter = maxIter
        self.s = s
        self.eta = eta
        self.strict = strict
        self.cohort = cohort
    }

    /// Every band W&B's hyperband defines, ascending. From `min_iter`: min_iter * eta^k, truncated
    /// to an integer as W&B does. From `max_iter` and `s`: max_iter / eta, / eta^2, ... while at
    /// least 1, at most `s` of them.
    public var allBands: [Int] {
        var bands: [Int] = []
        if let minIter {
            var band = Double(minIter)
            // The bands grow geometrically; past any plausible epoch count they decide nothing.
            while band < 1e7 {
                bands.append(Int(band))
                band *= eta
            }
        } else if let maxIter, let s {
            var band = Double(maxIter)
            for _ in 0..<s {
                band /= eta
                if band < 1 { break }
                bands.append(Int(band))
            }
        }
        return Array(Set(bands)).sorted()
    }

    /// The bands that can cut a run of `epochs` epochs: those before its last epoch (a run at its
    /// last epoch has nothing left to save).
    public func bands(before epochs: Int) -> [Int] {
        allBands.filter { $0 >= 1 && $0 < epochs }
    }
}
