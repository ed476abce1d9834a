import Core
import Foundation

/// One entry of an experiment's `parameters` as written: its domain plus the positions of what
/// the user wrote, so every value a search method picks can be traced back to a line and column.
struct ParameterSpec {
    /// Dotted path of the configuration key, e.g. `training.learning_rate`.
    var path: String
    /// Where the parameter's name is written.
    var keyMark: SourceMark
    /// Where its specification starts (drawn and enumerated numbers point here).
    var specMark: SourceMark
    var domain: ParameterDomain
    /// For a parameter declared under a value of a categorical one: when it exists.
    var condition: SweptCondition?
    /// The nodes of a `value` / `values` entry, whose own marks errors about them point to.
    var nodes: [YAMLNode]

    var parameter: SweptParameter { SweptParameter(name: path, domain: domain, condition: condition) }

    /// The node to write into the configuration tree for `value`: the user's own node when the
    /// value is one they wrote, else a number positioned at the specification, typed explicitly so
    /// `3.0` stays a double.
    func node(for value: ConfigValue) -> YAMLNode {
        if let written = nodes.first(where: { $0.configValue == value }) { return written }
        switch value {
        case .int(let number):
            return YAMLNode(kind: .scalar(String(number), style: .plain, tag: "tag:yaml.org,2002:int"), mark: specMark)
        case .double(let number):
            return YAMLNode(kind: .scalar(number.description, style: .plain, tag: "tag:yaml.org,2002:float"), mark: specMark)
        default:
            preconditionFailure("parameter '\(path)' has no value \(value.canonicalJSON) in its domain")
        }
    }

    /// `values [0.001, 0.01]`, `int_uniform 1..8`, `log_uniform_values 0.0001..0.1`, ...
    var summary: String {
        func n(_ value: Double) -> String { NodeReader.format(value) }
        func qText(_ q: Double?) -> String { q.map { " q=\(n($0))" } ?? "" }
        switch domain {
        case .constant(let value): return "value \(VariantLabel.display(value))"
        case .categorical(let values, let probabilities):
            let list = "values [" + values.map { VariantLabel.display($0) }.joined(separator: ", ") + "]"
            return probabilities.map { list + " p=[" + $0.map(n).joined(separator: ", ") + "]" } ?? list
        case .intUniform(let low, let high): return "int_uniform \(low)..\(high)"
        case .uniform(let low, let high): return "uniform \(n(low))..\(n(high))"
        case .qUniform(let low, let high, let q, _): return "q_uniform \(n(low))..\(n(high)) q=\(n(q))"
        case .logUniform(let low, let high, let q), .logUniformValues(let low, let high, let q):
            return "\(domain.distribution) \(n(low))..\(n(high))\(qText(q))"
        case .invLogUniform(let low, let high), .invLogUniformValues(let low, let high):
            return "\(domain.distribution) \(n(low))..\(n(high))"
        case .normal(let mu, let sigma, let q), .logNormal(let mu, let sigma, let q):
            return "\(domain.distribution) mu=\(n(mu)) sigma=\(n(sigma))\(qText(q))"
        case .beta(let a, let b, let q, _):
            return "\(domain.distribution) a=\(n(a)) b=\(n(b))\(qText(q))"
        }
    }
}
