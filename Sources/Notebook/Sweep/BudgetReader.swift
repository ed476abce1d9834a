import Core

/// Reads a `budget` value (top level or experiment cell): a duration, or a mapping with `time`
/// and / or `epochs`. Problems are reported at the value's position; nil after one.
struct BudgetReader {
    let sink: DiagnosticSink

    /// `allowsTime` is false inside an experiment: a time budget is the notebook's (one clock for
    /// one invocation, so that the runs that exist are a prefix of the notebook's proposals).
    func read(_ node: YAMLNode, allowsTime: Bool) -> SearchBudget? {
        var budget = SearchBudget(mark: node.mark)
        if let pairs = node.pairs {
            let reader = NodeReader(sink: sink)
            reader.checkKeys(node, allowed: SearchBudget.keys, context: "'budget'")
            for pair in pairs {
                switch pair.key.scalarText ?? "" {
                case "time":
                    guard allowsTime else {
                        timeInExperiment(pair.value.mark)
                        return nil
                    }
                    budget.seconds = duration(pair.value, "budget.time")
                case "epochs": budget.epochs = reader.int(pair.value, "budget.epochs", atLeast: 1)
                default: break
                }
            }
            guard budget.seconds != nil || budget.epochs != nil else {
                if pairs.isEmpty { sink.error(node.mark, "'budget' must give 'time' or 'epochs' (\(SearchBudget.accepts))") }
                return nil
            }
            // A bad entry beside a good one: the whole budget is refused (errors were reported).
            if pairs.contains(where: { !SearchBudget.keys.contains($0.key.scalarText ?? "") }) { return nil }
            if node["time"] != nil && budget.seconds == nil || node["epochs"] != nil && budget.epochs == nil { return nil }
            return budget
        }
        guard allowsTime else {
            timeInExperiment(node.mark)
            return nil
        }
        guard let seconds = duration(node, "budget") else { return nil }
        budget.seconds = seconds
        return budget
    }

    private func duration(_ node: YAMLNode, _ field: String) -> Double? {
        if let number = node.configValue.doubleValue, number <= 0 {
            sink.error(node.mark, "'\(field)' must be a positive duration, got \(NodeReader.describe(node))")
            return nil
        }
        if case .string(let text) = node.configValue, text.trimmingCharacters(in: .whitespaces).hasPrefix("-") {
            sink.error(node.mark, "'\(field)' must be a positive duration, got \(NodeReader.describe(node))")
            return nil
        }
        return NodeReader(sink: sink).duration(node, field)
    }

    private func timeInExperiment(_ mark: SourceMark) {
        sink.error(mark, "a time budget belongs to the whole notebook (top-level 'budget: 8h', or --budget / --until): an experiment's 'budget' takes '{epochs: E}'")
    }
}
