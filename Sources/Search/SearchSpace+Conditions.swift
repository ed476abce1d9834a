import Core
import Notebook

/// Conditional parameters (declared under one value of a categorical one) in the search methods:
/// a point holds `.null` for a parameter it does not have, and nothing is drawn for it, so the
/// draws of a space without conditions are what they always were.
extension SearchSpace {
    /// True when some parameter exists only under a value of another.
    public var isConditional: Bool { parameters.isConditional }

    /// One random draw of the whole space: parameters in order, an absent one `.null`.
    func sample(_ generator: inout SeededGenerator) -> SearchPoint {
        var values: [ConfigValue] = []
        values.reserveCapacity(parameters.count)
        var present: [Bool] = []
        for parameter in parameters {
            let here = parameter.condition.map { present[$0.parent] && $0.values.contains(values[$0.parent]) } ?? true
            present.append(here)
            values.append(here ? parameter.domain.sample(&generator) : .null)
        }
        return SearchPoint(values)
    }

    /// A point from one value per parameter, with `.null` for those the point does not have.
    func point(_ values: [ConfigValue]) -> SearchPoint {
        guard isConditional else { return SearchPoint(values) }
        let present = parameters.presence(in: values)
        return SearchPoint(zip(values, present).map { $1 ? $0 : .null })
    }

    /// Every point of the tree-shaped product of `options` (one list of values per parameter;
    /// an absent parameter takes `.null` only), in grid order; nil beyond `limit` points.
    func expand(_ options: [[ConfigValue]], limit: Int) -> [SearchPoint]? {
        var points: [(values: [ConfigValue], present: [Bool])] = [([], [])]
        for (parameter, values) in zip(parameters, options) {
            var next: [(values: [ConfigValue], present: [Bool])] = []
            for (point, present) in points {
                let here = parameter.condition.map { present[$0.parent] && $0.values.contains(point[$0.parent]) } ?? true
                if !here {
                    next.append((point + [.null], present + [false]))
                } else {
                    for value in values { next.append((point + [value], present + [true])) }
                }
                if next.count > limit { return nil }
            }
            points = next
        }
        return points.map { SearchPoint($0.values) }
    }
}
