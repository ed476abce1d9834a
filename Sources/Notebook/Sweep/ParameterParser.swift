/// Reads an experiment's `parameters` mapping: resolves names (dotted paths, bare keys unique to
/// one section, W&B's nested `section: {parameters: ...}` form) and parses each specification.
import Core
struct ParameterParser {
    let sink: DiagnosticSink

    static let specKeys = ["value", "values", "probabilities", "distribution", "min", "max", "q", "mu", "sigma", "a", "b"]
    /// `categorical_w_probabilities` is W&B's name for weighted `values`; it reads as `categorical`.
    static let distributions = ["constant", "categorical", "categorical_w_probabilities", "int_uniform", "uniform", "q_uniform", "log_uniform",
                                "log_uniform_values", "q_log_uniform", "q_log_uniform_values", "inv_log_uniform",
                                "inv_log_uniform_values", "normal", "q_normal", "log_normal", "q_log_normal", "beta", "q_beta"]
    /// W&B's first forms, whose min and max are exponents of e, and the forms that take values.
    static let legacyExponentForms = ["log_uniform": "log_uniform_values", "q_log_uniform": "q_log_uniform_values",
                                      "inv_log_uniform": "inv_log_uniform_values"]

    func parse(_ node: YAMLNode) -> [ParameterSpec] {
        guard node.pairs != nil else {
            sink.error(node.mark, "'parameters' must be a mapping from parameter names to specifications such as {values: [...]}")
            return []
        }
        var specs: [ParameterSpec] = []
        collect(node, prefix: nil, into: &specs)
        var seen: [String: Int] = [:]
        var repeated = false
        let unique = specs.enumerated().filter { index, spec in
            if let earlier = seen[spec.path] {
                // Under two values of one parameter, a name is two parameters that never meet.
                let other = specs[earlier]
                if let a = spec.condition, let b = other.condition, a.parent == b.parent, Set(a.values).isDisjoint(with: b.values) { return true }
                let first = other.keyMark
                let why = spec.condition != other.condition
                    ? "; a parameter under a value exists only with that value, so it cannot also be swept elsewhere" : ""
                sink.error(spec.keyMark, "parameter '\(spec.path)' is already swept at line \(first.line), column \(first.column)\(why)")
                repeated = true
                return false
            }
            seen[spec.path] = index
            return true
        }.map(\.element)
        // Dropping a parameter would move the positions conditions point to: a space with a
        // repeat and conditions is not planned (its other problems are already reported).
        if repeated && specs.contains(where: { $0.condition != nil }) { return [] }
        return unique
    }

    /// A value of `values` that carries its own parameters: `{value: X, parameters: {...}}`.
    static func conditional(_ item: YAMLNode) -> (value: YAMLNode, parameters: YAMLNode)? {
        guard let pairs = item.pairs, pairs.count == 2, let value = item["value"], let parameters = item["parameters"] else { return nil }
        return (value, parameters)
    }

    private func collect(_ node: YAMLNode, prefix: String?, into specs: inout [ParameterSpec]) {
        for pair in node.pairs ?? [] {
            let name = pair.key.scalarText ?? ""
            if pair.value["parameters"] != nil, (pair.value.pairs ?? []).contains(where: { Self.specKeys.contains($0.key.scalarText ?? "") }) {
                sink.error(pair.value["parameters"]?.mark ?? pair.key.mark, "'parameters' under a parameter belong to one of its values: write {values: [{value: X, parameters: {...}}, ...]}; only a categorical value can carry parameters")
                continue
            }
            // W&B nests sections: `training: {parameters: {learning_rate: {...}}}`.
            if let nested = pair.value["parameters"] {
                let path = prefix.map { "\($0).\(name)" } ?? name
                let known = ConfigSchema.sectionNames.contains(path) || ConfigSchema.nested[path] != nil
                guard known else {
                    sink.error(pair.key.mark, "'\(path)' has nested 'parameters' but is not a section\(EditDistance.suggestion(for: path, in: ConfigSchema.sectionNames + Array(ConfigSchema.nested.keys))) (sections: \(ConfigSchema.sectionNames.joined(separator: ", ")))")
                    continue
                }
                for extra in pair.value.pairs ?? [] where extra.key.scalarText != "parameters" {
                    sink.error(extra.key.mark, "unknown key '\(extra.key.scalarText ?? "")' beside nested 'parameters'")
                }
                guard nested.pairs != nil else {
                    sink.error(nested.mark, "nested 'parameters' must be a mapping")
                    continue
                }
                collect(nested, prefix: path, into: &specs)
                continue
            }
            guard let path = resolve(name, prefix: prefix, at: pair.key.mark) else { continue }
            if path.hasPrefix("metric.") || path == "metric" {
                sink.error(pair.key.mark, "'\(path)' cannot be swept: the metric is what ranks the variants")
                continue
            }
            guard let spec = specification(pair.value, path: path, keyMark: pair.key.mark) else { continue }
            specs.append(spec)
            collectConditionals(pair.value, parent: specs.count - 1, into: &specs)
        }
    }

    /// The parameters under each value of a categorical parameter, right after it: each exists
    /// only when the parent takes that value (and the parent itself exists).
    private func collectConditionals(_ node: YAMLNode, parent: Int, into specs: inout [ParameterSpec]) {
        for item in node["values"]?.items ?? [] {
            guard let (value, parameters) = Self.conditional(item) else { continue }
            guard parameters.pairs != nil else {
                sink.error(parameters.mark, "the 'parameters' of value \(VariantLabel.display(value.configValue)) must be a mapping of parameter names to specifications")
                continue
            }
            guard case .categorical = specs[parent].domain else {
                sink.error(item.mark, "only a value of 'values' can carry parameters")
                continue
            }
            let first = specs.count
            collect(parameters, prefix: nil, into: &specs)
            for index in first..<specs.count where specs[index].condition == nil {
                specs[index].condition = SweptCondition(parent: parent, values: [value.configValue])
            }
        }
    }

    /// The dotted configuration path a parameter name stands for.
    func resolve(_ name: String, prefix: String?, at mark: SourceMark) -> String? {
        let candidate = prefix.map { "\($0).\(name)" } ?? name
        if ConfigSchema.allPaths.contains(candidate) { return candidate }
        if prefix == nil && !name.contains(".") {
            let matches = ConfigSchema.paths(endingWith: name)
            if matches.count == 1 { return matches[0] }
            if matches.count > 1 {
                sink.error(mark, "parameter '\(name)' is ambiguous: write one of \(matches.map { "'\($0)'" }.joined(separator: ", "))")
                return nil
            }
            // W&B-style names declared in the schema table (`lr`, `num_layers`, `hidden_size`).
            if let path = ConfigSchema.aliases[name] { return path }
        }
        // Label shorthands (`lr`, `bs`, `act`) are what many sweep files call these parameters.
        if let full = ConfigSchema.labelAliases.first(where: { $0.value == name && $0.key.split(separator: ".").last.map(String.init) != name })?.key {
            sink.error(mark, "unknown parameter '\(candidate)'; did you mean '\(full)'?")
            return nil
        }
        let bareNames = Array(Set(ConfigSchema.allPaths.map { String($0.split(separator: ".").last ?? "") })).sorted()
        let pool = ConfigSchema.allPaths + (prefix == nil ? bareNames : [])
        sink.error(mark, "unknown parameter '\(candidate)'\(EditDistance.suggestion(for: candidate, in: pool))")
        return nil
    }
}
