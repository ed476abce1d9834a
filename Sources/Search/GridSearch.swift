import Core
import Notebook

/// Grid search: the Cartesian product of every parameter's values, first parameter outermost
/// (so the last parameter varies fastest), proposed in one batch.
public struct GridSearch: SearchMethod {
    public let space: SearchSpace
    /// Every point of the grid, in plan order.
    public let points: [SearchPoint]
    private var proposed = false

    /// Checks that a grid can enumerate the space and is not too big (at most
    /// `SweepRequest.maximumPoints` points); throws every problem at once.
    public init(space: SearchSpace) throws(SweepProblems) {
        var problems: [SweepProblem] = []
        var total = 1
        for (index, parameter) in space.parameters.enumerated() {
            if case .categorical(_, .some) = parameter.domain {
                problems.append(SweepProblem(.parameterName(index), "parameter '\(parameter.name)' has 'probabilities', which only random search uses; use 'method: random' or drop them"))
                continue
            }
            guard let count = parameter.domain.valueCount else {
                problems.append(SweepProblem(.parameterName(index), "parameter '\(parameter.name)' uses the continuous distribution '\(parameter.domain.distribution)', which a grid cannot enumerate; use 'values', int 'min'/'max', 'q_uniform', or 'method: random'"))
                continue
            }
            if count == 0 {
                problems.append(SweepProblem(.parameterSpecification(index), "parameter '\(parameter.name)' has no values in its range"))
                continue
            }
            total = SearchSpace.multiply(total, count)
        }
        guard problems.isEmpty else { throw SweepProblems(problems) }
        func tooBig(_ size: String) -> SweepProblems {
            SweepProblems([SweepProblem(.method, "the grid has \(size) points, more than the limit of \(SweepRequest.maximumPoints); sweep fewer values or use 'method: random' with 'count'")])
        }
        // With conditions the product is only an upper bound: a branch expands only its own.
        guard total <= SweepRequest.maximumPoints || space.isConditional else { throw tooBig("\(total)") }
        guard let points = space.expand(space.parameters.map { $0.domain.values ?? [] }, limit: SweepRequest.maximumPoints) else {
            throw tooBig("more than \(SweepRequest.maximumPoints)")
        }
        self.space = space
        self.points = points
    }

    public mutating func ask() -> Proposal {
        guard !proposed else { return .done }
        proposed = true
        return .points(points)
    }

    /// A grid does not adapt: results change nothing it proposes.
    public mutating func tell(_ observation: Observation) {}
}
