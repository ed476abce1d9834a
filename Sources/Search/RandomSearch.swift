import Core
import Notebook

/// Random search: distinct configurations drawn from a generator seeded with the sweep seed
/// (`RandomDraws`). Draws are sequential, so the first n of a larger `count` are the draws of
/// `count: n`: raising `count` keeps every earlier point (and its finished runs).
///
/// With a `count`, the whole plan is proposed in one batch; a `count` beyond the space's distinct
/// configurations gives each of them once (W&B would draw repeats; a configuration runs once
/// here). Without one, the search proposes rounds of `roundSize` points, each after the one
/// before has been told, until stopped or the space has nothing new.
public struct RandomSearch: SearchMethod {
    public let space: SearchSpace
    /// nil: no limit (runs until stopped).
    public let count: Int?
    public let seed: UInt64
    public let roundSize: Int
    private var draws: RandomDraws
    private var handedOut = 0
    private var told = Set<String>()

    /// With a count, draws the points now, so a space that cannot give them is refused before
    /// anything runs; throws the problem anchored at `count`.
    public init(space: SearchSpace, count: Int?, seed: UInt64 = 0, roundSize: Int = SweepRequest.defaultRoundSize) throws(SweepProblems) {
        precondition(roundSize >= 1 && (count ?? 1) >= 1, "random settings must be positive")
        draws = RandomDraws(space: space, seed: seed)
        if let count {
            let wanted = min(count, draws.size ?? count)
            draws.draw(upTo: wanted)
            if draws.points.count < wanted {
                throw SweepProblems([SweepProblem(.count, "could only draw \(draws.points.count) distinct configurations of the \(count) asked for; widen the ranges or lower 'count'")])
            }
        }
        self.space = space
        self.count = count
        self.seed = seed
        self.roundSize = roundSize
    }

    /// The points drawn so far, in draw order (with a count: the whole plan).
    public var points: [SearchPoint] { draws.points }

    /// How many distinct configurations draws can give (nil: unbounded).
    public var distinctConfigurations: Int? { draws.size }

    public mutating func ask() -> Proposal {
        if count != nil {
            guard handedOut == 0 else { return .done }
            handedOut = draws.points.count
            return .points(draws.points)
        }
        guard draws.points[0..<handedOut].allSatisfy({ told.contains($0.key) }) else { return .wait }
        draws.draw(upTo: min(handedOut + roundSize, SweepRequest.maximumPoints))
        guard draws.points.count > handedOut else { return .done }
        let round = Array(draws.points[handedOut...])
        handedOut = draws.points.count
        return .points(round)
    }

    /// Random search does not adapt: results only let an endless search draw its next round.
    public mutating func tell(_ observation: Observation) { told.insert(observation.point.key) }
}
