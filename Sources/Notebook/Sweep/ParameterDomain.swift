import Core
import Foundation

/// The values one swept parameter may take, in the W&B sweep grammar: the data of a search space.
/// Values are `ConfigValue`s exactly as they enter the configuration (`3.0` stays a double), so a
/// point of the space applied to the configuration gives the same variant id whoever drew it.
/// Search methods enumerate (`values`) or sample these domains; the notebook parses them.
public enum ParameterDomain: Sendable, Hashable {
    case constant(ConfigValue)
    /// Any values, lists included; `probabilities` (one per value, summing to 1) weight random draws.
    case categorical([ConfigValue], probabilities: [Double]?)
    /// Integers in min...max (max inclusive).
    case intUniform(min: Int, max: Int)
    case uniform(min: Double, max: Double)
    /// round(U(min, max) / q) * q; integers when min, max and q are all integers.
    case qUniform(min: Double, max: Double, q: Double, integral: Bool)
    /// exp(U(min, max)), bounds in log space; rounded to a multiple of `q` when given.
    case logUniform(min: Double, max: Double, q: Double?)
    /// exp(U(log min, log max)), bounds as values.
    case logUniformValues(min: Double, max: Double, q: Double?)
    /// 1 / exp(U(min, max)), bounds in log space of 1/X.
    case invLogUniform(min: Double, max: Double)
    /// X with log(1/X) uniform on [log(1/max), log(1/min)].
    case invLogUniformValues(min: Double, max: Double)
    case normal(mu: Double, sigma: Double, q: Double?)
    case logNormal(mu: Double, sigma: Double, q: Double?)
    /// Beta(a, b) on [0, 1], rounded to a multiple of `q` when given (integers when `q` is
    /// written as an integer, as W&B's `isinstance(q, int)`).
    case beta(a: Double, b: Double, q: Double?, integral: Bool)

    /// How many distinct values the domain has, without building them; nil for a continuous
    /// distribution. Weighted categoricals count every value (random search counts only the
    /// ones with a positive probability).
    public var valueCount: Int? {
        switch self {
        case .constant: return 1
        case .categorical(let values, _): return values.count
        case .intUniform(let low, let high): return high - low + 1
        case .qUniform(let low, let high, let q, _): return max(0, Int(((high - low) / q - 1e-9).rounded(.up)))
        default: return nil
        }
    }

    /// Every value a grid visits, in order, or nil when a grid cannot enumerate the domain
    /// (continuous distributions, and weighted categoricals, whose weights only random search uses).
    public var values: [ConfigValue]? {
        switch self {
        case .constant(let value): return [value]
        case .categorical(let values, nil): return values
        case .intUniform(let low, let high): return (low...high).map { .int($0) }
        case .qUniform(let low, let high, let q, let integral):
            // min + k q while below max (max itself excluded), as W&B's grid: the values start at
            // min, whether or not min is a multiple of q.
            var values: [ConfigValue] = []
            var step = 0.0
            while low + step * q < high - q * 1e-9 {
                values.append(Self.number(Self.cleaned(low + step * q, q), integral: integral))
                step += 1
            }
            return values
        default: return nil
        }
    }

    /// The W&B distribution name (`log_uniform_values`, `q_normal`, ...); the `q_` forms are the
    /// ones with a step.
    public var distribution: String {
        func stepped(_ name: String, _ q: Double?) -> String { q == nil ? name : "q_" + name }
        switch self {
        case .constant: return "constant"
        case .categorical: return "categorical"
        case .intUniform: return "int_uniform"
        case .uniform: return "uniform"
        case .qUniform: return "q_uniform"
        case .logUniform(_, _, let q): return stepped("log_uniform", q)
        case .logUniformValues(_, _, let q): return stepped("log_uniform_values", q)
        case .invLogUniform: return "inv_log_uniform"
        case .invLogUniformValues: return "inv_log_uniform_values"
        case .normal(_, _, let q): return stepped("normal", q)
        case .logNormal(_, _, let q): return stepped("log_normal", q)
        case .beta(_, _, let q, _): return stepped("beta", q)
        }
    }

    /// True for log-distributed parameters (charts use a log x axis).
    public var isLogScale: Bool {
        switch self {
        case .logUniform, .logUniformValues, .invLogUniform, .invLogUniformValues, .logNormal: return true
        case .categorical(let values, _):
            // Numeric values spread over two decades or more (0.0001, 0.001, ... 0.1) read best on
            // a log axis, which is how people choose them.
            let numbers = values.compactMap(\.doubleValue)
            guard numbers.count == values.count, numbers.count > 2, let low = numbers.min(), let high = numbers.max(), low > 0 else { return false }
            return high / low >= 100
        default: return false
        }
    }

    /// True when the values are not numbers (activations, layer lists, ...).
    public var isCategorical: Bool {
        switch self {
        case .constant(let value): return !Self.isNumber(value)
        case .categorical(let values, _): return !values.allSatisfy(Self.isNumber)
        default: return false
        }
    }

    static func isNumber(_ value: ConfigValue) -> Bool {
        switch value {
        case .int, .double: return true
        default: return false
        }
    }

    /// A drawn or enumerated number as the configuration holds it: an int when integral (and small
    /// enough to be exact), else a double.
    public static func number(_ value: Double, integral: Bool) -> ConfigValue {
        if integral, value.magnitude < 1e15 { return .int(Int(value.rounded())) }
        return .double(value)
    }

    /// W&B's quantised draw: round(x / q) q, clamped to [min, max] (a multiple of q below min,
    /// such as 0 for `min: 0.5, q: 2.341`, would leave the range the user wrote).
    public static func quantizedClamped(_ x: Double, q: Double, low: Double, high: Double) -> Double {
        Swift.min(Swift.max(roundedToStep(x, q), low), high)
    }

    /// Rounds `x` to a multiple of `q`, then cleans binary noise (0.30000000000000004 -> 0.3)
    /// by re-parsing with the precision the step itself has.
    public static func roundedToStep(_ x: Double, _ q: Double) -> Double {
        cleaned((x / q).rounded() * q, q)
    }

    /// The shortest decimal within q * 1e-9 of `stepped` (0.30000000000000004 -> 0.3).
    static func cleaned(_ stepped: Double, _ q: Double) -> Double {
        for digits in 1...15 {
            let text = String(format: "%.\(digits)g", stepped)
            if let clean = Double(text), (clean - stepped).magnitude <= q.magnitude * 1e-9 { return clean }
        }
        return stepped
    }
}

/// One parameter of a search space: the dotted configuration path and its domain, and for a
/// conditional parameter (declared under one value of a categorical one) when it exists.
public struct SweptParameter: Sendable, Hashable {
    /// Dotted path, e.g. `training.learning_rate`.
    public var name: String
    public var domain: ParameterDomain
    /// nil: the parameter always exists.
    public var condition: SweptCondition?

    public init(name: String, domain: ParameterDomain, condition: SweptCondition? = nil) {
        self.name = name
        self.domain = domain
        self.condition = condition
    }
}

/// A conditional parameter exists only when the parameter at index `parent` (an earlier one of
/// the space, itself existing) takes one of `values`:
/// `optimizer: {values: [{value: momentum, parameters: {momentum: {...}}}, adam]}`.
public struct SweptCondition: Sendable, Hashable {
    public var parent: Int
    public var values: [ConfigValue]

    public init(parent: Int, values: [ConfigValue]) {
        self.parent = parent
        self.values = values
    }
}

extension Array where Element == SweptParameter {
    /// Which parameters a point (one value per parameter, in order) has: a parameter whose
    /// condition does not hold is absent, whatever value the point holds for it.
    public func presence(in point: [ConfigValue]) -> [Bool] {
        var present: [Bool] = []
        present.reserveCapacity(count)
        for parameter in self {
            guard let condition = parameter.condition else { present.append(true); continue }
            present.append(present[condition.parent] && condition.values.contains(point[condition.parent]))
        }
        return present
    }

    /// True when some parameter is conditional.
    public var isConditional: Bool { contains { $0.condition != nil } }
}
