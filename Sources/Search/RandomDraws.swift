import Core
import Notebook

/// The sequence of distinct configurations random search draws from one seeded generator: each
/// draw is a point of the space, a repeat is drawn again. The sequence depends on nothing but the
/// space and the seed, so any prefix of it is the plan of a smaller `count`, and a search without
/// a count continues it round after round.
///
/// A small space may take long to give its last configurations by chance: after
/// `attemptsPerPoint` repeats in a row, the next point is the first one not yet drawn in grid
/// order (a finite space), or the space is taken as exhausted (an infinite one that keeps
/// repeating, such as a coarse `q_normal`).
struct RandomDraws {
    static let attemptsPerPoint = 10_000

    let space: SearchSpace
    private var generator: SeededGenerator
    private var seen = Set<String>()
    /// Mixed-radix position of the grid-order fallback, over each parameter's reachable values.
    private var cursor: [Int]
    private let reachable: [[ConfigValue]]?
    private var cursorDone = false
    /// For a conditional space: every reachable point in grid order (nil when unbounded).
    private let reachableTree: [SearchPoint]?
    private var treeCursor = 0
    /// Every point drawn, in draw order.
    private(set) var points: [SearchPoint] = []
    /// True when no new point can be drawn.
    private(set) var exhausted = false
    /// How many distinct configurations draws can give (nil: unbounded, or beyond `Int`).
    let size: Int?

    init(space: SearchSpace, seed: UInt64) {
        self.space = space
        generator = SeededGenerator(seed: seed)
        let reachable = Self.reachableValues(space)
        self.reachable = reachable
        if space.isConditional {
            reachableTree = reachable.flatMap { space.expand($0, limit: SweptLimits.conditionalPoints) }
            size = reachableTree?.count
        } else {
            reachableTree = nil
            size = reachable.flatMap { lists in
                lists.reduce(Optional(1)) { total, values in
                    total.flatMap { let (product, overflow) = $0.multipliedReportingOverflow(by: values.count); return overflow ? nil : product }
                }
            }
        }
        cursor = Array(repeating: 0, count: space.parameters.count)
    }

    /// Draws until `total` points are known or the space is exhausted.
    mutating func draw(upTo total: Int) {
        while points.count < total && !exhausted {
            if let point = next() {
                seen.insert(point.key)
                points.append(point)
            } else {
                exhausted = true
            }
        }
    }

    private mutating func next() -> SearchPoint? {
        if let size, seen.count >= size { return nil }
        for _ in 0..<Self.attemptsPerPoint {
            let point = space.sample(&generator)
            if !seen.contains(point.key) { return point }
        }
        return nextInGridOrder()
    }

    private mutating func nextInGridOrder() -> SearchPoint? {
        if let tree = reachableTree {
            while treeCursor < tree.count {
                treeCursor += 1
                if !seen.contains(tree[treeCursor - 1].key) { return tree[treeCursor - 1] }
            }
            return nil
        }
        guard let reachable, !reachable.contains(where: \.isEmpty) else { return nil }
        while !cursorDone {
            let point = SearchPoint(zip(reachable, cursor).map { $0[$1] })
            // Advance: the last parameter fastest, as a grid.
            var index = cursor.count - 1
            while index >= 0 {
                cursor[index] += 1
                if cursor[index] < reachable[index].count { break }
                cursor[index] = 0
                index -= 1
            }
            if index < 0 { cursorDone = true }
            if !seen.contains(point.key) { return point }
        }
        return nil
    }

    /// Each parameter's values that a draw can give (a weighted value of probability 0 never
    /// is), or nil when some parameter is continuous.
    static func reachableValues(_ space: SearchSpace) -> [[ConfigValue]]? {
        var all: [[ConfigValue]] = []
        for parameter in space.parameters {
            if case .categorical(let values, .some(let probabilities)) = parameter.domain {
                all.append(zip(values, probabilities).filter { $0.1 > 0 }.map(\.0))
            } else if case .qUniform(let low, let high, let q, let integral) = parameter.domain {
                // Draws are round(x / q) q clamped to [min, max]: not the grid's min + k q.
                let steps = Int((low / q).rounded())...Int((high / q).rounded())
                let values = steps.map { ParameterDomain.number(ParameterDomain.quantizedClamped(Double($0) * q, q: q, low: low, high: high), integral: integral) }
                var kept = Set<String>()
                all.append(values.filter { kept.insert($0.canonicalJSON).inserted })
            } else if let values = parameter.domain.values {
                all.append(values)
            } else {
                return nil
            }
        }
        return all
    }
}

enum SweptLimits {
    /// A conditional space larger than this counts as unbounded for random draws (its points
    /// are enumerated to know its size).
    static let conditionalPoints = 100_000
}
