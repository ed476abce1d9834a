import Core
import Notebook

/// Random search: `count` distinct configurations drawn from a generator seeded with the sweep
/// seed, proposed in one batch. Draws are sequential, so the first n of a larger `count` are the
/// draws of `count: n`: raising `count` keeps every earlier point (and its finished runs).
public struct RandomSearch: SearchMethod {
    public let space: SearchSpace
    public let count: Int
    public let seed: UInt64
    /// The drawn points, in draw order.
    public let points: [SearchPoint]
    private var proposed = false

    /// Draws the points now, so a space that cannot give `count` distinct configurations is
    /// refused before anything runs; throws the problem anchored at `count`.
    public init(space: SearchSpace, count: Int, seed: UInt64 = 0) throws(SweepProblems) {
        if let size = space.distinctConfigurations, count > size {
            throw SweepProblems([SweepProblem(.count, "'count' is \(count) but the parameters allow only \(size) distinct configurations")])
        }
        var generator = SeededGenerator(seed: seed)
        var seen = Set<String>()
        var points: [SearchPoint] = []
        var attempts = 0
        // Continuous spaces almost never repeat; this bounds the rare space that mostly does.
        let maximumAttempts = count * 100 + 1000
        while points.count < count {
            attempts += 1
            if attempts > maximumAttempts {
                throw SweepProblems([SweepProblem(.count, "could only draw \(points.count) distinct configurations of the \(count) asked for; widen the ranges or lower 'count'")])
            }
            let point = SearchPoint(space.parameters.map { $0.domain.sample(&generator) })
            if seen.insert(point.key).inserted { points.append(point) }
        }
        self.space = space
        self.count = count
        self.seed = seed
        self.points = points
    }

    public mutating func ask() -> Proposal {
        guard !proposed else { return .done }
        proposed = true
        return .points(points)
    }

    /// Random search does not adapt: results change nothing it draws.
    public mutating func tell(_ observation: Observation) {}
}
