/// Loss and metrics of a parameter buffer on a whole split, in chunks through one reusable
/// workspace (forward only).
final class Evaluator {
    let spec: NetworkSpec
    private let workspace: Workspace
    private var rows: [Int]

    init(spec: NetworkSpec, capacity: Int) {
        self.spec = spec
        workspace = Workspace(layout: spec.layout, blocks: spec.blocks, capacity: capacity)
        rows = [Int](repeating: 0, count: capacity)
    }

    /// Evaluation mode: dropout is the identity and batch norm reads the running statistics in
    /// `buffers` (which it does not change).
    func tally(parameters: UnsafePointer<Float>, buffers: UnsafeMutablePointer<Float>?, data: LabeledData) -> MetricTally {
        let kind = LossKind.resolve(head: spec.head, outputSize: spec.outputSize, targets: data.targets, loss: spec.loss)
        let usesLabels = { if case .classes = data.targets { return true } else { return false } }()
        var tally = MetricTally(outputs: spec.outputSize, targets: data.targets)
        let classWeights = { if case .classes(_, let classCount) = data.targets { return spec.loss.kernelWeights(classCount: classCount) } else { return nil } }()
        let last = workspace.layerCount - 1
        var start = 0
        while start < data.count {
            let batch = min(workspace.capacity, data.count - start)
            for j in 0..<batch { rows[j] = start + j }
            rows.withUnsafeBufferPointer { workspace.stage(data, rows: UnsafeBufferPointer(rebasing: $0[0..<batch])) }
            Propagation.forward(parameters: parameters, buffers: buffers, activation: spec.activation, workspace: workspace,
                                batch: batch, forTraining: false)
            kind.apply(logits: workspace.preactivations[last], outputs: spec.outputSize, batch: batch,
                       workspace: workspace, usesLabels: usesLabels, classWeights: classWeights, gradient: nil, tally: &tally)
            start += batch
        }
        return tally
    }

    /// `perClass` adds each class's recall (`<prefix>recall[<index>]`).
    func metrics(parameters: UnsafePointer<Float>, buffers: UnsafeMutablePointer<Float>?, data: LabeledData, prefix: String,
                 perClass: Bool = false) -> [String: Double] {
        let classification = { if case .classes = data.targets { return true } else { return false } }()
        let tally = tally(parameters: parameters, buffers: buffers, data: data)
        var result = tally.metrics(classification: classification, prefix: prefix)
        if perClass { result.merge(tally.recallMetrics(prefix: prefix)) { $1 } }
        return result
    }
}
