import CKernels
import Core

/// The library-level passes over whole matrices (they allocate a workspace per call; the trainer
/// keeps one for the whole run instead).
extension Network {
    /// The head's outputs for each row of `inputs`: class probabilities (softmax / sigmoid) or
    /// values (linear), as a `[rows, outputSize]` matrix.
    public func predict(_ inputs: Matrix) -> Matrix {
        var result = logits(inputs)
        switch spec.head {
        case .linear: break
        case .sigmoid:
            for index in result.storage.indices { result.storage[index] = gb_sigmoidf(result.storage[index]) }
        case .softmax:
            let width = result.columns
            for row in 0..<result.rows {
                var largest = -Float.infinity
                for column in 0..<width { largest = max(largest, result[row, column]) }
                var total: Float = 0
                for column in 0..<width { total += gb_expf(result[row, column] - largest) }
                for column in 0..<width { result[row, column] = gb_expf(result[row, column] - largest) / total }
            }
        }
        return result
    }

    /// The output layer's pre-activations (logits) for each row of `inputs`, `[rows, outputSize]`.
    public func logits(_ inputs: Matrix) -> Matrix {
        precondition(inputs.columns == spec.inputSize, "inputs have \(inputs.columns) columns, the network takes \(spec.inputSize)")
        let chunk = max(1, min(inputs.rows, 256))
        let workspace = Workspace(layout: layout, blocks: spec.blocks, capacity: chunk)
        var result = Matrix(rows: inputs.rows, columns: spec.outputSize)
        let data = LabeledData(inputs: inputs, targets: .classes(labels: [Int32](repeating: 0, count: inputs.rows), classCount: 1))
        var start = 0
        while start < inputs.rows {
            let batch = min(chunk, inputs.rows - start)
            let rows = Array(start..<(start + batch))
            rows.withUnsafeBufferPointer { workspace.stage(data, rows: $0) }
            var state = buffers
            parameters.withUnsafeBufferPointer { p in
                state.withUnsafeMutableBufferPointer { b in
                    Propagation.forward(parameters: p.baseAddress!, buffers: b.baseAddress, activation: spec.activation,
                                        workspace: workspace, batch: batch, forTraining: false)
                }
            }
            let z = workspace.preactivations[layerCount - 1]
            for j in 0..<batch {
                for i in 0..<spec.outputSize { result[start + j, i] = z[i * batch + j] }
            }
            start += batch
        }
        return result
    }

    /// Forward and backward on one batch in training mode: fills `gradients` with d mean-loss /
    /// d parameters and returns the mean loss (PyTorch's reduction) of the batch. Batch norm uses
    /// the batch's statistics and moves the running ones, as a train-mode PyTorch forward does.
    /// Dropout masks are drawn from the "dropout" stream of `dropoutSeed`; without one, dropout
    /// keeps every unit unscaled (the gradient of the network without dropout).
    @discardableResult
    public mutating func backward(inputs: Matrix, targets: Targets, dropoutSeed: UInt64? = nil) -> Double {
        let data = LabeledData(inputs: inputs, targets: targets)
        let kind = LossKind.resolve(head: spec.head, outputSize: spec.outputSize, targets: targets, loss: spec.loss)
        let batch = inputs.rows
        precondition(batch > 0, "backward needs at least one sample")
        let workspace = Workspace(layout: layout, blocks: spec.blocks, capacity: batch)
        Array(0..<batch).withUnsafeBufferPointer { workspace.stage(data, rows: $0) }
        if let dropoutSeed {
            var generator = SeededGenerator(seed: dropoutSeed, stream: "dropout")
            workspace.drawMasks(batch: batch, using: &generator)
        }
        var tally = MetricTally(outputs: spec.outputSize, targets: targets)
        let classWeights = { if case .classes(_, let classCount) = targets { return spec.loss.kernelWeights(classCount: classCount) } else { return nil } }()
        let activation = spec.activation
        let last = layerCount - 1
        let usesLabels = { if case .classes = targets { return true } else { return false } }()
        if layout.bufferCount > 0 { batchesTracked += 1 }
        var state = buffers
        defer { buffers = state }
        parameters.withUnsafeBufferPointer { p in
            gradients.withUnsafeMutableBufferPointer { g in
              state.withUnsafeMutableBufferPointer { b in
                Propagation.forward(parameters: p.baseAddress!, buffers: b.baseAddress, activation: activation,
                                    workspace: workspace, batch: batch, forTraining: true)
                kind.apply(logits: workspace.preactivations[last], outputs: spec.outputSize, batch: batch,
                           workspace: workspace, usesLabels: usesLabels, classWeights: classWeights,
                           gradient: workspace.deltas[last], tally: &tally)
                Propagation.backward(parameters: p.baseAddress!, gradients: g.baseAddress!, activation: activation,
                                     workspace: workspace, batch: batch)
              }
            }
        }
        return tally.meanLoss
    }

    /// Loss and metrics of the network on `data`, unprefixed: `loss`, `accuracy` for class targets;
    /// `loss`, `mse`, `mae`, `r2` for real-valued targets.
    public func evaluate(_ data: LabeledData) -> [String: Double] {
        let evaluator = Evaluator(spec: spec, capacity: 256)
        var state = buffers
        return parameters.withUnsafeBufferPointer { p in
            state.withUnsafeMutableBufferPointer { evaluator.metrics(parameters: p.baseAddress!, buffers: $0.baseAddress, data: data, prefix: "") }
        }
    }
}
