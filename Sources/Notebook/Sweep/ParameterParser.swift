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
        var seen: [String: SourceMark] = [:]
        return specs.filter { spec in
            if let first = seen[spec.path] {
                sink.error(spec.keyMark, "parameter '\(spec.path)' is already swept at line \(first.line), column \(first.column)")
                return false
            }
            seen[spec.path] = spec.keyMark
            return true
        }
    }

    private func collect(_ node: YAMLNode, prefix: String?, into specs: inout [ParameterSpec]) {
        for pair in node.pairs ?? [] {
            let name = pair.key.scalarText ?? ""
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
            if let spec = specification(pair.value, path: path, keyMark: pair.key.mark) { specs.append(spec) }
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
