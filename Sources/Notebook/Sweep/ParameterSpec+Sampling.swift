import Core
import Foundation

extension ParameterSpec {
    /// One random draw, as W&B defines each distribution.
    func sample(_ generator: inout SeededGenerator) -> YAMLNode {
        func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * generator.nextDouble() }
        func quantized(_ value: Double, _ q: Double?) -> YAMLNode {
            guard let q else { return number(value, integral: false) }
            return number(Self.roundedToStep(value, q), integral: q.rounded() == q)
        }
        switch domain {
        case .constant(let node):
            return node
        case .categorical(let nodes, let probabilities):
            guard let probabilities else { return nodes[generator.nextIndexByRemainder(below: nodes.count)] }
            let u = generator.nextDouble()
            var cumulative = 0.0
            for (index, p) in probabilities.enumerated() {
                cumulative += p
                if u < cumulative { return nodes[index] }
            }
            return nodes[nodes.count - 1]
        case .intUniform(let low, let high):
            return number(Double(low + generator.nextIndexByRemainder(below: high - low + 1)), integral: true)
        case .uniform(let low, let high):
            return number(uniform(low, high), integral: false)
        case .qUniform(let low, let high, let q, let integral):
            return number(Self.roundedToStep(uniform(low, high), q), integral: integral)
        case .logUniform(let low, let high, let q):
            return quantized(exp(uniform(low, high)), q)
        case .logUniformValues(let low, let high, let q):
            return quantized(exp(uniform(log(low), log(high))), q)
        case .invLogUniform(let low, let high):
            return number(1 / exp(uniform(low, high)), integral: false)
        case .invLogUniformValues(let low, let high):
            return number(1 / exp(uniform(log(1 / high), log(1 / low))), integral: false)
        case .normal(let mu, let sigma, let q):
            return quantized(mu + sigma * generator.nextGaussian(), q)
        case .logNormal(let mu, let sigma, let q):
            return quantized(exp(mu + sigma * generator.nextGaussian()), q)
        }
    }

    /// `values [0.001, 0.01]`, `int_uniform 1..8`, `log_uniform_values 0.0001..0.1`, ...
    var summary: String {
        func n(_ value: Double) -> String { NodeReader.format(value) }
        func qText(_ q: Double?) -> String { q.map { " q=\(n($0))" } ?? "" }
        switch domain {
        case .constant(let node): return "value \(VariantLabel.display(node.configValue))"
        case .categorical(let nodes, let probabilities):
            let values = "values [" + nodes.map { VariantLabel.display($0.configValue) }.joined(separator: ", ") + "]"
            return probabilities.map { values + " p=[" + $0.map(n).joined(separator: ", ") + "]" } ?? values
        case .intUniform(let low, let high): return "int_uniform \(low)..\(high)"
        case .uniform(let low, let high): return "uniform \(n(low))..\(n(high))"
        case .qUniform(let low, let high, let q, _): return "q_uniform \(n(low))..\(n(high)) q=\(n(q))"
        case .logUniform(let low, let high, let q), .logUniformValues(let low, let high, let q):
            return "\(distribution) \(n(low))..\(n(high))\(qText(q))"
        case .invLogUniform(let low, let high), .invLogUniformValues(let low, let high):
            return "\(distribution) \(n(low))..\(n(high))"
        case .normal(let mu, let sigma, let q), .logNormal(let mu, let sigma, let q):
            return "\(distribution) mu=\(n(mu)) sigma=\(n(sigma))\(qText(q))"
        }
    }
}
