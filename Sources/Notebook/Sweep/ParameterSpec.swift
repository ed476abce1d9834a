import Foundation

/// One entry of an experiment's `parameters`, in the W&B sweep grammar, with the positions of
/// what the user wrote so every value drawn from it can be traced back to a line and column.
struct ParameterSpec {
    enum Domain {
        case constant(YAMLNode)
        case categorical([YAMLNode], probabilities: [Double]?)
        case intUniform(min: Int, max: Int)
        case uniform(min: Double, max: Double)
        /// round(U(min, max) / q) * q; integers when min, max and q are all integers.
        case qUniform(min: Double, max: Double, q: Double, integral: Bool)
        /// exp(U(min, max)), bounds in log space.
        case logUniform(min: Double, max: Double, q: Double?)
        /// exp(U(log min, log max)), bounds as values.
        case logUniformValues(min: Double, max: Double, q: Double?)
        /// 1 / exp(U(min, max)), bounds in log space of 1/X.
        case invLogUniform(min: Double, max: Double)
        /// X with log(1/X) uniform on [log(1/max), log(1/min)].
        case invLogUniformValues(min: Double, max: Double)
        case normal(mu: Double, sigma: Double, q: Double?)
        case logNormal(mu: Double, sigma: Double, q: Double?)
    }

    /// Dotted path of the configuration key, e.g. `training.learning_rate`.
    var path: String
    /// Where the parameter's name is written.
    var keyMark: SourceMark
    /// Where its specification starts (sampled values point here).
    var specMark: SourceMark
    var domain: Domain
    /// The distribution name as written or inferred, for summaries and grid errors.
    var distribution: String

    /// Every value a grid visits, or nil for a distribution that cannot be enumerated.
    var gridValues: [YAMLNode]? {
        switch domain {
        case .constant(let node): return [node]
        case .categorical(let nodes, nil): return nodes
        case .intUniform(let low, let high): return (low...high).map { number(Double($0), integral: true) }
        case .qUniform(let low, let high, let q, let integral):
            var values: [YAMLNode] = []
            var step = 0.0
            while low + step * q < high - q * 1e-9 {
                values.append(number(Self.roundedToStep(low + step * q, q), integral: integral))
                step += 1
            }
            return values
        default: return nil
        }
    }

    /// How many values a grid would visit, without building them (grids are size-checked first).
    var gridCount: Int? {
        switch domain {
        case .constant: return 1
        case .categorical(let nodes, _): return nodes.count
        case .intUniform(let low, let high): return high - low + 1
        case .qUniform(let low, let high, let q, _): return max(0, Int(((high - low) / q - 1e-9).rounded(.up)))
        default: return nil
        }
    }

    var isLogScale: Bool {
        switch domain {
        case .logUniform, .logUniformValues, .invLogUniform, .invLogUniformValues, .logNormal: return true
        case .categorical(let nodes, _):
            // Numeric values spread over two decades or more (0.0001, 0.001, ... 0.1) read best on
            // a log axis, which is how people choose them.
            let numbers = nodes.compactMap(\.configValue.doubleValue)
            guard numbers.count == nodes.count, numbers.count > 2, let low = numbers.min(), let high = numbers.max(), low > 0 else { return false }
            return high / low >= 100
        default: return false
        }
    }

    var isCategorical: Bool {
        switch domain {
        case .constant(let node): return !ParameterSpec.isNumber(node)
        case .categorical(let nodes, _): return !nodes.allSatisfy(ParameterSpec.isNumber)
        default: return false
        }
    }

    static func isNumber(_ node: YAMLNode) -> Bool {
        switch node.configValue {
        case .int, .double: return true
        default: return false
        }
    }

    /// A number node positioned at the specification, typed explicitly so `3.0` stays a double.
    func number(_ value: Double, integral: Bool) -> YAMLNode {
        if integral, value.magnitude < 1e15 {
            return YAMLNode(kind: .scalar(String(Int(value.rounded())), style: .plain, tag: "tag:yaml.org,2002:int"), mark: specMark)
        }
        return YAMLNode(kind: .scalar(value.description, style: .plain, tag: "tag:yaml.org,2002:float"), mark: specMark)
    }

    /// Rounds `x` to a multiple of `q`, then cleans binary noise (0.30000000000000004 -> 0.3)
    /// by re-parsing with the precision the step itself has.
    static func roundedToStep(_ x: Double, _ q: Double) -> Double {
        let stepped = (x / q).rounded() * q
        for digits in 1...15 {
            let text = String(format: "%.\(digits)g", stepped)
            if let clean = Double(text), (clean - stepped).magnitude <= q.magnitude * 1e-9 { return clean }
        }
        return stepped
    }
}
