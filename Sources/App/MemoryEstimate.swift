import Datasets
import Notebook

/// What one run needs in memory, from its configuration and its data set's shape: the flat
/// parameter buffer and its copies (gradients, the best epoch's weights, the optimizer's moments,
/// the weights file's staging), the workspaces of one training batch and one evaluation chunk,
/// the data (loaded and split: about twice its floats while splitting), and the worker process.
/// Arithmetic is in Double: a hidden width of 10^12 must give a big number, not an overflow trap.
public struct MemoryEstimate: Sendable, Equatable {
    public var parameters: Double
    public var parameterBytes: Double
    public var activationBytes: Double
    public var dataBytes: Double
    /// The process itself (runtime, code, allocator slack), measured ~25 MB for a small run.
    public static let processBytes = 32e6
    /// Rows the evaluator pushes through the network at once (`TrainingSession`'s Evaluator).
    static let evaluationChunk = 256.0

    public var totalBytes: Double { parameterBytes + activationBytes + dataBytes + Self.processBytes }

    public init(config: RunConfig, shape: DatasetShape) {
        let widths = [Double(shape.features)] + config.model.hidden.map(Double.init) + [Double(max(shape.outputs, 1))]
        var count = 0.0
        for layer in 0..<(widths.count - 1) { count += widths[layer] * widths[layer + 1] + widths[layer + 1] }
        parameters = count
        // parameters, gradients, the best epoch's copy, the optimizer's moment buffers, and one
        // staging copy when weights are saved.
        let copies = 3 + Self.optimizerBuffers(config.training.optimizer.rawValue) + (config.training.save == .none ? 0 : 1)
        parameterBytes = 4 * count * copies
        // Workspace: feature- and batch-major activations, pre-activations and deltas of every layer.
        let units = widths.reduce(0, +)
        let batch = Double(config.training.batchSize)
        activationBytes = 4 * 4 * units * (batch + Self.evaluationChunk)
        dataBytes = 2 * 4 * Double(shape.samples) * Double(shape.features + max(shape.outputs, 1))
    }

    /// Moment buffers per parameter. By name so that optimizers added later fall to the
    /// conservative two (Adam-like) until listed.
    static func optimizerBuffers(_ name: String) -> Double {
        switch name {
        case "sgd": return 0
        case "momentum", "nesterov", "rmsprop", "adagrad": return 1
        default: return 2
        }
    }

    /// `about 160 GB (40 GB per parameter copy of 1e10 parameters, ...)`.
    public var summary: String {
        let described = parameters >= 1e6 ? String(format: "%.3g", parameters) : String(Int(parameters))
        return "about \(MachineMemory.describe(totalBytes)) (\(described) parameters: \(MachineMemory.describe(parameterBytes)) "
            + "with gradients and optimizer state; activations \(MachineMemory.describe(activationBytes)); "
            + "data \(MachineMemory.describe(dataBytes)))"
    }
}
