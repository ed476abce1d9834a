import Core

extension ConfigBuilder {
    /// The loss must pair with the head (the table in docs/library.md), and label smoothing
    /// belongs to cross-entropy. The head is known when written, or linear for a regression task;
    /// with `output: auto` on classification the runner picks a head that pairs (softmax for two
    /// classes when the loss takes no sigmoid), so only a data set of unknown task is left to run time.
    func checkLoss(_ config: RunConfig, task: LearningTask?, root: YAMLNode) {
        let training = config.training
        let node = root["training"]
        let head = config.model.output ?? (task == .regression ? .linear : nil)
        if let loss = training.loss, let head, !loss.pairs(with: head) {
            let pairing = LossFunction.allCases.filter { $0.pairs(with: head) }.map(\.rawValue).joined(separator: ", ")
            let why = config.model.output == nil ? " (a regression task has a linear head)" : ""
            sink.error(node?["loss"]?.mark ?? fallback,
                       "'training.loss: \(loss.rawValue)' does not pair with a \(head.rawValue) head\(why); it takes \(pairing) (see the loss table in docs/library.md)")
        }
        if training.labelSmoothing > 0 {
            let effective = training.loss ?? head.map(LossFunction.automatic(for:)) ?? (task == .classification ? .cross_entropy : nil)
            if let effective, effective != .cross_entropy {
                let source = training.loss == nil ? " (auto on a linear head)" : ""
                sink.error(node?["label_smoothing"]?.mark ?? fallback,
                           "'training.label_smoothing' applies to cross-entropy only, but the loss is \(effective.rawValue)\(source); remove it or use 'loss: cross_entropy'")
            }
        }
    }
}
