import Core
import Foundation

extension ParameterParser {
    /// Parses `{values: [...]}`, `{min: 1, max: 8}`, `{distribution: log_uniform_values, ...}`.
    func specification(_ node: YAMLNode, path: String, keyMark: SourceMark) -> ParameterSpec? {
        guard let pairs = node.pairs else {
            sink.error(node.mark, "parameter '\(path)' needs a specification such as {values: [...]} or {value: ...}, got \(NodeReader.describe(node))")
            return nil
        }
        let before = sink.count
        for pair in pairs where !Self.specKeys.contains(pair.key.scalarText ?? "") {
            let key = pair.key.scalarText ?? ""
            sink.error(pair.key.mark, "unknown key '\(key)' in parameter '\(path)'\(EditDistance.suggestion(for: key, in: Self.specKeys)) (expected one of: \(Self.specKeys.joined(separator: ", ")))")
        }
        guard sink.count == before else { return nil }  // a misspelt key explains any missing one
        let reader = NodeReader(sink: sink)
        func number(_ key: String, required: Bool = true, positive: Bool = false) -> Double? {
            guard let value = node[key] else {
                if required { sink.error(node.mark, "parameter '\(path)' needs '\(key)'") }
                return nil
            }
            return positive ? reader.double(value, "\(path).\(key)", above: 0) : reader.double(value, "\(path).\(key)")
        }
        func isInt(_ key: String) -> Bool {
            if let value = node[key], case .int = value.configValue { return true }
            return false
        }
        var distribution = node["distribution"].flatMap { reader.choice($0, "distribution", Self.distributions, what: "distribution") }
        if distribution == "categorical_w_probabilities" { distribution = "categorical" }
        if node["distribution"] != nil && distribution == nil { return nil }
        if distribution == nil {
            if node["value"] != nil { distribution = "constant" }
            else if node["values"] != nil { distribution = "categorical" }
            else if node["min"] != nil || node["max"] != nil { distribution = isInt("min") && isInt("max") ? "int_uniform" : "uniform" }
            else {
                sink.error(node.mark, "parameter '\(path)' needs 'value', 'values', 'min'/'max' or a 'distribution'")
                return nil
            }
        }
        let name = distribution ?? "categorical"
        if let modern = Self.legacyExponentForms[name], let mark = node["distribution"]?.mark {
            let value = name.hasPrefix("inv_") ? "1/X" : "X"
            sink.note(mark, "'\(name)' takes 'min' and 'max' as exponents of e (\(value) in [e^min, e^max]), as W&B's first form; '\(modern)' takes the values themselves")
        }
        for key in ["a", "b"] where node[key] != nil && !name.hasSuffix("beta") {
            sink.error(node[key]?.mark ?? node.mark, "'\(key)' is a shape of 'distribution: beta' or 'q_beta', not of '\(name)'")
        }
        if node["value"] != nil && node["values"] != nil {
            sink.error(node["values"]?.mark ?? node.mark, "parameter '\(path)' has both 'value' and 'values'; keep one")
        }
        if node["probabilities"] != nil && name != "categorical" {
            sink.error(node["probabilities"]?.mark ?? node.mark, "'probabilities' go with 'values' only")
        }
        func range(positive: Bool = false) -> (Double, Double)? {
            guard let low = number("min", positive: positive), let high = number("max", positive: positive) else { return nil }
            guard low < high || (low == high && name == "int_uniform") else {
                sink.error(node["max"]?.mark ?? node.mark, "parameter '\(path)': 'max' (\(NodeReader.format(high))) must be greater than 'min' (\(NodeReader.format(low)))")
                return nil
            }
            return (low, high)
        }
        let domain: ParameterDomain?
        var nodes: [YAMLNode] = []
        switch name {
        case "constant":
            guard let value = node["value"] else { sink.error(node.mark, "parameter '\(path)' needs 'value'"); return nil }
            domain = .constant(value.configValue)
            nodes = [value]
        case "categorical":
            domain = categorical(node, path: path)
            nodes = (node["values"]?.items ?? []).map { Self.conditional($0)?.value ?? $0 }.uniqued(by: \.configValue.canonicalJSON)
        case "int_uniform":
            guard let minNode = node["min"], let maxNode = node["max"] else { _ = range(); return nil }
            guard let low = reader.int(minNode, "\(path).min"), let high = reader.int(maxNode, "\(path).max") else { return nil }
            guard low <= high else {
                sink.error(maxNode.mark, "parameter '\(path)': 'max' (\(high)) must be >= 'min' (\(low))")
                return nil
            }
            domain = .intUniform(min: low, max: high)
        case "uniform": domain = range().map { .uniform(min: $0.0, max: $0.1) }
        case "q_uniform":
            let q = number("q", required: false, positive: true) ?? 1
            domain = range().map { .qUniform(min: $0.0, max: $0.1, q: q, integral: isInt("min") && isInt("max") && q.rounded() == q) }
        case "log_uniform", "q_log_uniform":
            let q = name == "q_log_uniform" ? number("q", required: false, positive: true) ?? 1 : nil
            domain = range().map { .logUniform(min: $0.0, max: $0.1, q: q) }
        case "log_uniform_values", "q_log_uniform_values":
            let q = name == "q_log_uniform_values" ? number("q", required: false, positive: true) ?? 1 : nil
            domain = range(positive: true).map { .logUniformValues(min: $0.0, max: $0.1, q: q) }
        case "inv_log_uniform": domain = range().map { .invLogUniform(min: $0.0, max: $0.1) }
        case "inv_log_uniform_values": domain = range(positive: true).map { .invLogUniformValues(min: $0.0, max: $0.1) }
        case "beta", "q_beta":
            // W&B: shapes a, b (default 1: uniform on [0, 1]); q_beta rounds to multiples of q.
            let a = number("a", required: false, positive: true) ?? 1
            let b = number("b", required: false, positive: true) ?? 1
            let q = name == "q_beta" ? number("q", required: false, positive: true) ?? 1 : nil
            domain = .beta(a: a, b: b, q: q, integral: isInt("q"))
        default: // normal, q_normal, log_normal, q_log_normal
            let mu = number("mu", required: false) ?? 0
            let sigma = number("sigma", required: false, positive: true) ?? 1
            let q = name.hasPrefix("q_") ? number("q", required: false, positive: true) ?? 1 : nil
            domain = name.hasSuffix("log_normal") ? .logNormal(mu: mu, sigma: sigma, q: q) : .normal(mu: mu, sigma: sigma, q: q)
        }
        guard let domain, sink.count == before else { return nil }
        return ParameterSpec(path: path, keyMark: keyMark, specMark: node.mark, domain: domain, nodes: nodes)
    }

    private func categorical(_ node: YAMLNode, path: String) -> ParameterDomain? {
        guard let valuesNode = node["values"] else {
            sink.error(node.mark, "parameter '\(path)' needs 'values'")
            return nil
        }
        guard let items = valuesNode.items, !items.isEmpty else {
            sink.error(valuesNode.mark, "'values' of parameter '\(path)' must be a non-empty list")
            return nil
        }
        let values = items.map { Self.conditional($0)?.value ?? $0 }
        // A repeated value collapses into its first occurrence (W&B would run it twice; a grid
        // of ours runs each configuration once), with a warning at the repeat.
        var seen: [String: (mark: SourceMark, index: Int)] = [:]
        var firstIndex: [Int] = []
        var unique: [YAMLNode] = []
        for value in values {
            let key = value.configValue.canonicalJSON
            if let first = seen[key] {
                sink.warning(value.mark, "value \(VariantLabel.display(value.configValue)) of parameter '\(path)' is repeated (first at line \(first.mark.line), column \(first.mark.column)); it counts once")
                firstIndex.append(first.index)
                continue
            }
            seen[key] = (value.mark, unique.count)
            firstIndex.append(unique.count)
            unique.append(value)
        }
        guard let probabilitiesNode = node["probabilities"] else { return .categorical(unique.map(\.configValue), probabilities: nil) }
        guard let items = probabilitiesNode.items else {
            sink.error(probabilitiesNode.mark, "'probabilities' must be a list of numbers, one per value")
            return nil
        }
        let reader = NodeReader(sink: sink)
        let probabilities = items.compactMap { reader.double($0, "\(path).probabilities", atLeast: 0, atMost: 1) }
        guard probabilities.count == items.count else { return nil }
        guard probabilities.count == values.count else {
            sink.error(probabilitiesNode.mark, "parameter '\(path)' has \(values.count) values but \(probabilities.count) probabilities")
            return nil
        }
        let total = probabilities.reduce(0, +)
        // Within 1e-5, as W&B's own check: 0.33333 three times is a valid file.
        guard abs(total - 1) <= 1e-5 else {
            sink.error(probabilitiesNode.mark, "probabilities of parameter '\(path)' must sum to 1, got \(String(format: "%.6g", total))")
            return nil
        }
        // A repeat's probability joins its first occurrence's: the draws are W&B's.
        var merged = Array(repeating: 0.0, count: unique.count)
        for (index, p) in probabilities.enumerated() { merged[firstIndex[index]] += p }
        return .categorical(unique.map(\.configValue), probabilities: merged)
    }
}

extension Array {
    /// The first element of each run of equal keys, in order.
    func uniqued(by key: (Element) -> String) -> [Element] {
        var seen = Set<String>()
        return filter { seen.insert(key($0)).inserted }
    }
}
