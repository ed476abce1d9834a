import Core

/// `training.class_weight`: `none`, `balanced`, or a mapping of class labels (as the target column
/// writes them) to weights > 0. Whether the labels are classes of the data is checked when the
/// data is opened (the App's preflight), at each label's own position.
enum ClassWeightReader {
    static func read(_ node: YAMLNode, _ context: KeyReading) -> ClassWeighting? {
        let reader = context.reader
        guard let pairs = node.pairs else {
            guard let word = reader.choice(node, "training.class_weight", ClassWeighting.words, what: "class weighting") else {
                return nil
            }
            return word == "balanced" ? .balanced : ClassWeighting.none
        }
        guard !pairs.isEmpty else {
            reader.sink.error(node.mark, "'training.class_weight' maps class labels to weights, e.g. {rare: 5, common: 1}; got an empty mapping")
            return nil
        }
        var weights: [ClassWeighting.ClassWeight] = []
        var valid = true
        for pair in pairs {
            guard let label = pair.key.scalarText else {
                reader.sink.error(pair.key.mark, "'training.class_weight' keys are class labels, got \(NodeReader.describe(pair.key))")
                valid = false
                continue
            }
            guard let weight = reader.double(pair.value, "training.class_weight.\(label)", above: 0) else {
                valid = false
                continue
            }
            weights.append(.init(label: label, weight: weight))
        }
        return valid ? .classes(weights.sorted { $0.label < $1.label }) : nil
    }

    /// Where each label of a written mapping is, for messages about labels the data lacks.
    static func labelMarks(_ node: YAMLNode?) -> [String: SourceMark] {
        var marks: [String: SourceMark] = [:]
        for pair in node?.pairs ?? [] { if let label = pair.key.scalarText { marks[label] = pair.key.mark } }
        return marks
    }
}
