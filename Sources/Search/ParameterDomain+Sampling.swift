import Core
import Foundation
import Notebook

extension ParameterDomain {
    /// A beta draw as the configuration holds it: round(x / q) q when quantised.
    static func betaValue(_ x: Double, q: Double?, integral: Bool) -> ConfigValue {
        guard let q else { return number(x, integral: false) }
        return number(roundedToStep(x, q), integral: integral)
    }

    /// One random draw, as W&B defines each distribution. The generator calls are part of the
    /// contract (random draws, hence variant ids, must not change between releases): categorical
    /// and integer choices use `nextIndexByRemainder`, continuous ones `nextDouble`.
    public func sample(_ generator: inout SeededGenerator) -> ConfigValue {
        func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * generator.nextDouble() }
        func quantized(_ value: Double, _ q: Double?) -> ConfigValue {
            guard let q else { return Self.number(value, integral: false) }
            return Self.number(Self.roundedToStep(value, q), integral: q.rounded() == q)
        }
        switch self {
        case .constant(let value):
            return value
        case .categorical(let values, let probabilities):
            guard let probabilities else { return values[generator.nextIndexByRemainder(below: values.count)] }
            let u = generator.nextDouble()
            var cumulative = 0.0
            for (index, p) in probabilities.enumerated() {
                cumulative += p
                if u < cumulative { return values[index] }
            }
            return values[values.count - 1]
        case .intUniform(let low, let high):
            return Self.number(Double(low + generator.nextIndexByRemainder(below: high - low + 1)), integral: true)
        case .uniform(let low, let high):
            return Self.number(uniform(low, high), integral: false)
        case .qUniform(let low, let high, let q, let integral):
            return Self.number(Self.quantizedClamped(uniform(low, high), q: q, low: low, high: high), integral: integral)
        case .logUniform(let low, let high, let q):
            return quantized(exp(uniform(low, high)), q)
        case .logUniformValues(let low, let high, let q):
            return quantized(exp(uniform(log(low), log(high))), q)
        case .invLogUniform(let low, let high):
            return Self.number(1 / exp(uniform(low, high)), integral: false)
        case .invLogUniformValues(let low, let high):
            return Self.number(1 / exp(uniform(log(1 / high), log(1 / low))), integral: false)
        case .normal(let mu, let sigma, let q):
            return quantized(mu + sigma * generator.nextGaussian(), q)
        case .logNormal(let mu, let sigma, let q):
            return quantized(exp(mu + sigma * generator.nextGaussian()), q)
        case .beta(let a, let b, let q, let integral):
            return Self.betaValue(BetaDistribution(a: a, b: b).ppf(generator.nextDouble()), q: q, integral: integral)
        }
    }
}
