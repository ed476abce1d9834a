import Core

extension ConfigBuilder {
    /// Split files (`dataset.validation_csv`, `dataset.test_csv`) fix rows that folds would deal:
    /// folds are drawn over the training file's rows only, so a fixed file beside them is refused.
    static let fixedValidationKeys = ["validation_csv", "test_csv"]

    /// With `folds`, each fold in turn is the validation split: a written `validation` fraction (or
    /// a fixed validation file) would be silently unused, so both together are an error.
    func checkFolds(_ config: RunConfig, root: YAMLNode) {
        guard config.dataset.folds != nil, let dataset = root["dataset"], let folds = dataset["folds"] else { return }
        let shown = NodeReader.describe(folds)
        if let validation = dataset.pairs?.first(where: { $0.key.scalarText == "validation" }) {
            sink.error(validation.key.mark, "'dataset.validation' and 'dataset.folds: \(shown)' (line \(folds.mark.line)) both choose the "
                + "validation rows: with folds each fold is the validation split in turn; remove 'validation' (or 'folds')")
        }
        for key in Self.fixedValidationKeys {
            if let pair = dataset.pairs?.first(where: { $0.key.scalarText == key }) {
                sink.error(pair.key.mark, "'dataset.\(key)' fixes held-out rows in a file, but 'dataset.folds: \(shown)' (line \(folds.mark.line)) "
                    + "deals the rows of one file into folds; remove one of them")
            }
        }
    }

    /// Class weights weigh the samples of a classification loss that has a cross-entropy to weigh
    /// (`CrossEntropyLoss(weight=)`); on mse / huber / l1 over probabilities they would define a
    /// loss no peer has, so the pairing is refused (see `LossKind+ClassWeights.swift`).
    func checkClassWeight(_ config: RunConfig, task: LearningTask?, root: YAMLNode) {
        guard config.training.classWeight != .none else { return }
        let mark = root["training"]?["class_weight"]?.mark ?? fallback
        if task == .regression {
            sink.error(mark, "'training.class_weight' applies to classification only, but the data set is a regression task")
            return
        }
        let head = config.model.output ?? (task == .regression ? .linear : nil)
        let effective = config.training.loss ?? head.map(LossFunction.automatic(for:))
        if let effective, effective != .cross_entropy {
            let source = config.training.loss == nil ? " (auto on a linear head)" : ""
            sink.error(mark, "'training.class_weight' weighs a cross-entropy loss (as torch.nn.CrossEntropyLoss(weight=)), "
                + "but the loss is \(effective.rawValue)\(source); remove it or use 'loss: cross_entropy'")
        }
    }
}
