import Core
import Foundation
import Notebook

/// Model-based search with a tree-structured Parzen estimator (Bergstra et al. 2011; the
/// algorithm of Optuna's TPE sampler, written again for rounds), proposed in rounds of
/// `roundSize` points.
///
/// Round r is a pure function of the space, the settings and the observations of rounds 0..<r:
/// its random choices come from a generator seeded with (`seed`, r, slot), observations are used
/// sorted by proposal order, and round r is proposed only once every run of round r - 1 has been
/// told. So `--jobs`, the order runs finish in, and a resume change nothing.
///
/// - Rounds are random draws until `startupPoints` points are observed, then each slot samples
///   `candidates` points from the density of the best points, l(x), and keeps the one that
///   maximises l(x) / g(x), g fitted to the rest. Points proposed earlier in the same round join
///   the rest as if they had the worst value ("constant liar"), so a round spreads out.
/// - A point's value is the mean over its seeds. Points are ranked as Optuna's TPE ranks trials
///   (`ObservationRank`): runs that ended by value, then runs hyperband terminated, the later
///   band first, by their value at the band, then failed and diverged runs (the worst value
///   observed: they taught us the region is bad); a timed-out run is no observation.
/// - Under hyperband, every third slot of a round is a random draw (`randomEvery`), as BOHB
///   keeps a third of its configurations random. The model mostly sees the survivors of cheap
///   bands, and on digits the rank at epoch 1, 3 or 9 says little about the final rank among
///   the good configurations (Spearman 0.11, 0.12, -0.10 within the best fifth of 78 random
///   runs; 0.43, 0.54, 0.76 over all of them), so the model alone collapsed onto what learns
///   fastest in one epoch (114 of 162 runs at batch 16, width 256, depth 3 in
///   experiments/adaptive-search.yaml); a random point keeps the search wide and costs one
///   epoch when the first band cuts it.
/// - Prefix-stable: slot j of a round depends only on earlier rounds and slots, and `count`
///   only cuts the last round short, so raising `count` repeats every earlier proposal.
/// - Never proposes a configuration twice; ends early when the space has no new point left.
public struct BayesSearch: SearchMethod {
    public let space: SearchSpace
    /// nil: no limit (the search runs until stopped, or until the space has no new point).
    public let count: Int?
    public let roundSize: Int
    public let seed: UInt64
    public let goal: Goal
    /// The search ends after a round in which some point's mean reached it.
    public let target: Double?
    /// Runs per point (seeds): a round is complete when each of its points has this many.
    public let runsPerPoint: Int
    /// Slots `randomEvery - 1`, `2 randomEvery - 1`, ... of each round are random draws (nil: none).
    public let randomEvery: Int?

    static let startupPoints = 10
    /// BOHB's random fraction of 1/3.
    public static let randomEveryUnderHyperband = 3
    static let candidates = 24
    /// Draws tried for a new configuration before a slot gives up (a small discrete space).
    static let attempts = 200

    /// Every point proposed, in proposal order, and where each round starts.
    public private(set) var proposed: [SearchPoint] = []
    private var roundStarts: [Int] = []
    private var keys: Set<String> = []
    /// Results by point key, then seed: a set, so the order of `tell` is irrelevant.
    private var results: [String: [Int: Observation]] = [:]
    private var finished = false

    public init(space: SearchSpace, count: Int?, roundSize: Int = SweepRequest.defaultRoundSize, seed: UInt64 = 0,
                goal: Goal = .maximize, target: Double? = nil, runsPerPoint: Int = 1, randomEvery: Int? = nil) throws(SweepProblems) {
        guard space.parameters.contains(where: { $0.domain.coordinate != .fixed }) else {
            throw SweepProblems([SweepProblem(.method, "bayes search needs a parameter that takes more than one value; every parameter here is fixed")])
        }
        precondition((count ?? 1) >= 1 && roundSize >= 1 && runsPerPoint >= 1 && (randomEvery ?? 1) >= 1, "bayes settings must be positive")
        self.randomEvery = randomEvery
        self.space = space
        self.count = count
        self.roundSize = roundSize
        self.seed = seed
        self.goal = goal
        self.target = target
        self.runsPerPoint = runsPerPoint
    }

    /// How many rounds have been proposed.
    public var rounds: Int { roundStarts.count }

    public mutating func ask() -> Proposal { nextRound(adopting: nil) }

    public mutating func ask(adopting stored: [SearchPoint]) -> Proposal { nextRound(adopting: stored) }

    /// The next round: `stored` when given and of this round's size, else proposed here.
    private mutating func nextRound(adopting stored: [SearchPoint]?) -> Proposal {
        let limit = count ?? SweepRequest.maximumPoints
        guard !finished, proposed.count < limit else { return .done }
        if let start = roundStarts.last {
            let last = proposed[start...]
            guard last.allSatisfy({ (results[$0.key]?.count ?? 0) >= runsPerPoint }) else { return .wait }
            if let target, last.contains(where: { score(of: $0, worst: nil).map { goal == .maximize ? $0 >= target : $0 <= target } ?? false }) {
                finished = true
                return .done
            }
        }
        let size = min(roundSize, limit - proposed.count)
        // A stored round of another size was proposed under another `count`: not this round.
        let adopted = stored.flatMap { $0.count == size && Set($0.map(\.key)).isDisjoint(with: keys) ? $0 : nil }
        let round = adopted ?? proposeRound(size: size)
        guard !round.isEmpty else {
            finished = true
            return .done
        }
        roundStarts.append(proposed.count)
        proposed += round
        for point in round { keys.insert(point.key) }
        return .points(round)
    }

    public mutating func tell(_ observation: Observation) {
        results[observation.point.key, default: [:]][observation.seed] = observation
    }

    // MARK: - Proposing a round

    private func proposeRound(size: Int) -> [SearchPoint] {
        let observed = observations()
        let roundIndex = roundStarts.count
        let coordinates = space.parameters.map(\.domain.coordinate)
        var model: (good: [Int], rest: [Int], weights: [Double])?
        if observed.count >= Self.startupPoints {
            model = Self.split(observed.map(\.rank))
        }
        var round: [SearchPoint] = []
        var taken = keys
        for slot in 0..<size {
            var generator = SeededGenerator(seed: seed, stream: "bayes round \(roundIndex) slot \(slot)")
            var point: SearchPoint?
            let randomSlot = randomEvery.map { (slot + 1) % $0 == 0 } ?? false
            if let model, !randomSlot {
                let liars = round.map { coordinatesOf($0) }
                let good = ParzenEstimator(coordinates: coordinates, points: model.good.map { observed[$0].x },
                                           pointWeights: model.good.map { model.weights[$0] })
                let rest = ParzenEstimator(coordinates: coordinates, points: model.rest.map { observed[$0].x } + liars,
                                           pointWeights: model.rest.map { model.weights[$0] } + liars.map { _ in 1 })
                point = bestCandidate(good: good, rest: rest, taken: taken, &generator)
            }
            if point == nil { point = randomPoint(taken: taken, &generator) }
            guard let point else { break }
            round.append(point)
            taken.insert(point.key)
        }
        return round
    }

    /// The candidate drawn from l(x) with the largest log l(x) - log g(x) that is not taken;
    /// ties go to the earlier draw.
    private func bestCandidate(good: ParzenEstimator, rest: ParzenEstimator, taken: Set<String>,
                               _ generator: inout SeededGenerator) -> SearchPoint? {
        var best: (score: Double, point: SearchPoint)?
        for _ in 0..<Self.candidates {
            let x = good.sample(&generator)
            // A conditional parameter the drawn parent values leave out is absent (`.null`).
            let point = space.point(zip(space.parameters, x).map { $0.domain.value(at: $1) })
            guard !taken.contains(point.key) else { continue }
            // Score the point as it will run (rounded), not the raw draw.
            let snapped = coordinatesOf(point)
            let score = good.logDensity(snapped) - rest.logDensity(snapped)
            if best == nil || score > best!.score { best = (score, point) }
        }
        return best?.point
    }

    private func randomPoint(taken: Set<String>, _ generator: inout SeededGenerator) -> SearchPoint? {
        for _ in 0..<Self.attempts {
            let point = space.sample(&generator)
            if !taken.contains(point.key) { return point }
        }
        return nil
    }

    /// NaN for a parameter the point does not have: the estimator leaves it out (see
    /// `ParzenEstimator`: the tree-structured space of conditional parameters).
    private func coordinatesOf(_ point: SearchPoint) -> [Double] {
        let present = space.isConditional ? space.parameters.presence(in: point.values) : []
        return zip(space.parameters, point.values).enumerated().map { index, pair in
            if !present.isEmpty && !present[index] { return .nan }
            return pair.0.domain.coordinate(of: pair.1) ?? 0
        }
    }

    /// Optuna's split: the best min(ceil(n / 10), 25) points are "good"; ties by proposal order.
    /// Weights: 1 for the last 25 observations, a ramp from 1/n for older ones (recent points
    /// describe the region the search has moved to).
    static func split<Rank: Comparable>(_ ranks: [Rank]) -> (good: [Int], rest: [Int], weights: [Double]) {
        let n = ranks.count
        let goodCount = max(1, min(Int((Double(n) / 10).rounded(.up)), 25))
        let order = (0..<n).sorted { ranks[$0] != ranks[$1] ? ranks[$0] < ranks[$1] : $0 < $1 }
        let good = order.prefix(goodCount).sorted()
        let rest = order.dropFirst(goodCount).sorted()
        var weights = Array(repeating: 1.0, count: n)
        if n > 25 {
            let ramp = n - 25
            for i in 0..<ramp { weights[i] = ramp == 1 ? 1 / Double(n) : 1 / Double(n) + (1 - 1 / Double(n)) * Double(i) / Double(ramp - 1) }
        }
        return (good, rest, weights)
    }

    // MARK: - Observations

    /// Observed points in proposal order with their coordinates and rank.
    private func observations() -> [(x: [Double], rank: ObservationRank)] {
        var finite: [Double] = []
        for point in proposed {
            for observation in results[point.key]?.values ?? [:].values {
                if let value = observation.value, value.isFinite, observation.status.isRankable { finite.append(value) }
            }
        }
        let worst = goal == .maximize ? finite.min() : finite.max()
        return proposed.compactMap { point in rank(of: point, worst: worst).map { (coordinatesOf(point), $0) } }
    }

    /// A point's rank (see `ObservationRank`); nil when none of its runs is an observation.
    /// Hyperband cuts a configuration with all its seeds, at one band, by their mean there.
    private func rank(of point: SearchPoint, worst: Double?) -> ObservationRank? {
        guard let runs = results[point.key] else { return nil }
        let cut = runs.keys.sorted().map { runs[$0]! }.filter { $0.status == .terminated }
        if let band = cut.compactMap(\.band).max() {
            let values = cut.filter { $0.band == band }.map { $0.value ?? .nan }
            return .terminated(band: band, loss: oriented(values.reduce(0, +) / Double(values.count)))
        }
        if let mean = score(of: point, worst: worst) { return .ended(loss: oriented(mean)) }
        // Failed, diverged, a terminated run without its band, an ended run without the metric.
        return runs.values.contains { $0.status != .timed_out } ? .failed : nil
    }

    private func oriented(_ value: Double) -> Double { goal == .maximize ? -value : value }

    /// The mean over a point's seeds of the runs that ended on their own; failed and diverged
    /// runs count as `worst` (skipped when nil), timed-out runs not at all. nil when nothing counts.
    private func score(of point: SearchPoint, worst: Double?) -> Double? {
        guard let runs = results[point.key] else { return nil }
        var values: [Double] = []
        var ended = false
        for seed in runs.keys.sorted() {
            let run = runs[seed]!
            if let value = run.value, value.isFinite, run.status.isRankable { values.append(value); ended = true }
            else if run.status == .failed || run.status == .diverged || run.status.isRankable, let worst { values.append(worst) }
        }
        // A point whose every run failed has nothing but the stand-in: it ranks with the failed.
        return ended ? values.reduce(0, +) / Double(values.count) : nil
    }
}
