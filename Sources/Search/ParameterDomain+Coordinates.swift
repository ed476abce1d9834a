import Core
import Foundation
import Notebook

/// How a model-based method sees one parameter: a number on a bounded interval (log-distributed
/// parameters in log space, integers and quantised ones widened by half a step so every value
/// owns an equal share), an index into a list of choices, or nothing to learn (a constant).
enum Coordinate: Sendable, Hashable {
    case numeric(low: Double, high: Double)
    /// `prior` weights the choices when nothing is known (a weighted categorical's probabilities).
    case choice(count: Int, prior: [Double]?)
    case fixed
}

extension ParameterDomain {
    /// The coordinate the model learns this parameter in.
    var coordinate: Coordinate {
        switch self {
        case .constant: return .fixed
        case .categorical(let values, let probabilities):
            return values.count == 1 ? .fixed : .choice(count: values.count, prior: probabilities)
        case .intUniform(let low, let high):
            return low == high ? .fixed : .numeric(low: Double(low) - 0.5, high: Double(high) + 0.5)
        case .uniform(let low, let high): return .numeric(low: low, high: high)
        case .qUniform(let low, let high, let q, _): return .numeric(low: low - q / 2, high: high + q / 2)
        case .logUniform(let low, let high, _), .invLogUniform(let low, let high): return .numeric(low: low, high: high)
        case .logUniformValues(let low, let high, _): return .numeric(low: log(low), high: log(high))
        case .invLogUniformValues(let low, let high): return .numeric(low: log(1 / high), high: log(1 / low))
        // Unbounded: the model works on mu +- 4 sigma, where all but 6e-5 of the prior lies.
        case .normal(let mu, let sigma, _): return .numeric(low: mu - 4 * sigma, high: mu + 4 * sigma)
        case .logNormal(let mu, let sigma, _): return .numeric(low: mu - 4 * sigma, high: mu + 4 * sigma)
        // The beta's CDF: the prior is uniform there, as a log-uniform one is in log space, so
        // the estimator's wide prior kernel and its bandwidths follow the user's prior (narrow in
        // value where the beta is dense) instead of spreading evenly over [0, 1].
        case .beta: return .numeric(low: 0, high: 1)
        }
    }

    /// The coordinate of a value of this domain (a drawn or proposed one), clamped into the
    /// model's interval; nil when the value cannot belong to the domain.
    func coordinate(of value: ConfigValue) -> Double? {
        if case .categorical(let values, _) = self {
            return values.firstIndex(of: value).map(Double.init)
        }
        guard let x = value.doubleValue else { return nil }
        let raw: Double
        switch self {
        case .logUniform, .logUniformValues, .logNormal: raw = x > 0 ? log(x) : -.infinity
        case .invLogUniform, .invLogUniformValues: raw = x > 0 ? log(1 / x) : .infinity
        case .beta(let a, let b, _, _): raw = BetaDistribution(a: a, b: b).cdf(x)
        default: raw = x
        }
        guard case .numeric(let low, let high) = coordinate else { return 0 }
        return Swift.min(Swift.max(raw, low), high)
    }

    /// The value at coordinate `x`: rounded as the domain rounds its draws and kept in its bounds.
    func value(at x: Double) -> ConfigValue {
        func stepped(_ v: Double, _ q: Double?) -> ConfigValue {
            guard let q else { return Self.number(v, integral: false) }
            return Self.number(Self.roundedToStep(v, q), integral: q.rounded() == q)
        }
        switch self {
        case .constant(let value): return value
        case .categorical(let values, _):
            return values[Swift.min(Swift.max(Int(x.rounded(.down)), 0), values.count - 1)]
        case .intUniform(let low, let high):
            return .int(Swift.min(Swift.max(Int(x.rounded()), low), high))
        case .uniform(let low, let high): return Self.number(Swift.min(Swift.max(x, low), high), integral: false)
        case .qUniform(let low, let high, let q, let integral):
            return Self.number(Self.quantizedClamped(x, q: q, low: low, high: high), integral: integral)
        case .logUniform(_, _, let q), .logUniformValues(_, _, let q): return stepped(exp(x), q)
        case .invLogUniform, .invLogUniformValues: return Self.number(1 / exp(x), integral: false)
        case .normal(_, _, let q): return stepped(x, q)
        case .logNormal(_, _, let q): return stepped(exp(x), q)
        case .beta(let a, let b, let q, let integral):
            return Self.betaValue(BetaDistribution(a: a, b: b).ppf(Swift.min(Swift.max(x, 0), 1)), q: q, integral: integral)
        }
    }
}
