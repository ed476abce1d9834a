import Core
import Notebook

/// The space a search method explores: an ordered list of parameters (dotted configuration paths)
/// and their domains, as a notebook's `parameters` declares them or as Swift code builds them.
/// A point of the space has one value per parameter, in this order.
public struct SearchSpace: Sendable, Hashable {
    public var parameters: [SweptParameter]

    public init(_ parameters: [SweptParameter]) { self.parameters = parameters }

    /// The space of a notebook experiment.
    public init(experiment: Experiment) { self.init(experiment.sweep.parameters) }

    public var names: [String] { parameters.map(\.name) }

    /// True when a grid can enumerate every parameter (no continuous distribution, no weights).
    public var isGridCapable: Bool { parameters.allSatisfy { $0.domain.values != nil } }

    /// How many points the Cartesian product has (saturating at `Int.max`), or nil when some
    /// parameter is continuous.
    public var gridSize: Int? {
        var total = 1
        for parameter in parameters {
            guard let count = parameter.domain.valueCount else { return nil }
            total = Self.multiply(total, count)
        }
        return total
    }

    /// How many distinct configurations random draws can reach, or nil when that is unbounded
    /// (a continuous distribution) or does not fit in an `Int`. Values of zero probability are
    /// never drawn, so they do not count.
    public var distinctConfigurations: Int? {
        var total = 1
        for parameter in parameters {
            guard let count = parameter.domain.valueCount else { return nil }
            var reachable = count
            if case .categorical(_, .some(let probabilities)) = parameter.domain { reachable = probabilities.filter { $0 > 0 }.count }
            guard !total.multipliedReportingOverflow(by: reachable).overflow else { return nil }
            total *= reachable
        }
        return total
    }

    /// A point from values by parameter name; nil when a parameter is missing.
    public func point(_ values: [String: ConfigValue]) -> SearchPoint? {
        var ordered: [ConfigValue] = []
        for name in names {
            guard let value = values[name] else { return nil }
            ordered.append(value)
        }
        return SearchPoint(ordered)
    }

    static func multiply(_ a: Int, _ b: Int) -> Int {
        a.multipliedReportingOverflow(by: b).overflow ? Int.max : a * b
    }
}

/// One point of a search space: one value per parameter, in the space's order.
public struct SearchPoint: Sendable, Hashable, CustomStringConvertible {
    public var values: [ConfigValue]

    public init(_ values: [ConfigValue]) { self.values = values }

    /// The value of `name` in `space`'s order.
    public func value(of name: String, in space: SearchSpace) -> ConfigValue? {
        space.names.firstIndex(of: name).map { values[$0] }
    }

    /// Canonical JSON of the values: two points are the same configuration when their keys match.
    public var key: String { ConfigValue.list(values).canonicalJSON }

    public var description: String { key }
}
