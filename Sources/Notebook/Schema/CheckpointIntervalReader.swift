import Core

/// `training.checkpoint`: a duration of training time between checkpoints (`60s`, `10m`), `0`
/// (or `0s`) for a checkpoint at every step (tests, very slow steps), or `none`.
enum CheckpointIntervalReader {
    /// Seconds, nil for `none`; the default (after reporting) when the value is not one of these.
    static func read(_ node: YAMLNode, _ context: KeyReading) -> Double? {
        let value = node.configValue
        if case .string(let text) = value {
            let word = text.trimmingCharacters(in: .whitespaces).lowercased()
            if word == "none" { return nil }
            if word == "0s" || word == "0m" || word == "0h" { return 0 }
        }
        if let number = value.doubleValue, number == 0 { return 0 }
        if node.isNull {
            context.reader.sink.error(node.mark, "'training.checkpoint' must be \(expected), got null (write none to turn checkpoints off)")
            return TrainingDefaults.checkpointSeconds
        }
        guard let seconds = context.reader.duration(node, "training.checkpoint", expected: expected) else {
            return TrainingDefaults.checkpointSeconds
        }
        return seconds
    }

    static let expected = DurationGrammar.expected + ", 0 (every step) or none"
}
