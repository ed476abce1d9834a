/// Where one observed point stands among the others, for the good/rest split of a model-based
/// search: better ranks sort first. Only the order matters (the split keeps the best fraction),
/// so runs of different lengths can be compared without pretending their values are alike.
///
/// The order is Optuna's TPE's (its `_split_trials`): runs that ended on their own, by value;
/// then runs hyperband terminated, those cut at a later band first (they beat their cohort at
/// every band before), by their value at the band; then failed and diverged runs, which count as
/// the worst value observed. Before, a terminated run counted as the worst value too, so the
/// points cut at epoch 9 and those cut at epoch 1 looked the same to the model.
struct ObservationRank: Comparable, Sendable {
    enum Tier: Int, Comparable, Sendable {
        case ended = 0, terminated, failed
        static func < (a: Tier, b: Tier) -> Bool { a.rawValue < b.rawValue }
    }

    let tier: Tier
    /// The band a terminated point was cut at (0 otherwise).
    let band: Int
    /// Smaller is better (the metric oriented by its goal).
    let loss: Double

    static func ended(loss: Double) -> ObservationRank { ObservationRank(tier: .ended, band: 0, loss: loss) }
    static func terminated(band: Int, loss: Double) -> ObservationRank { ObservationRank(tier: .terminated, band: band, loss: loss) }
    static let failed = ObservationRank(tier: .failed, band: 0, loss: 0)

    static func < (a: ObservationRank, b: ObservationRank) -> Bool {
        if a.tier != b.tier { return a.tier < b.tier }
        if a.band != b.band { return a.band > b.band }
        // A NaN loss (no value at the band) sorts after every number.
        if a.loss.isNaN || b.loss.isNaN { return !a.loss.isNaN && b.loss.isNaN }
        return a.loss < b.loss
    }

    static func == (a: ObservationRank, b: ObservationRank) -> Bool { !(a < b) && !(b < a) }
}
