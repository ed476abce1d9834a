import CKernels
import Core

/// The fused training passes: each product runs in panels of whole output rows, and the work that
/// reads the product's output (bias fill, activation and batch-major copy after the forward
/// product; the activation's derivative after the input-gradient product; the optimizer step
/// after the weight-gradient product) runs on each panel right after it, while the panel is still
/// in cache, instead of in a separate pass over the whole matrix.
///
/// Why the bits cannot change: a panel is an ordinary `gb_gemm_pooled` call on a block of rows of
/// C, so every element is still one FMA chain in the same order (the CKernels contract), and
/// every epilogue is elementwise (activations, their derivatives, the optimizer rules) or a pure
/// copy (the transpose), so applying it panel by panel computes each element exactly as the
/// whole-matrix pass does. The unfused passes (`Propagation.forward(epilogues: false)`,
/// `Propagation.backward` + `Optimizer.apply` over the whole buffer) stay as the reference the
/// tests compare against bit for bit.
extension Propagation {
    /// Output rows per panel and thread. A multiple of every row block of the AVX-512 / AVX2
    /// kernels (16, 12, 8, 6) and of the pool's row tile (48), so a panel splits over threads as a
    /// whole product would; 48 rows x a batch of 128 is 24 kB (L1), x 784 inputs 150 kB (L2).
    static let panelRows = 48

    /// Outputs up to this many floats (128 kB, within L2) are one panel: cutting them gains no
    /// cache reuse and costs a product call per panel, which small networks (W1) would feel.
    /// (Training on several threads keeps every output one panel: see `TrainingSession.init`.)
    static let wholePanelFloats = 32 * 1024

    /// Rows per panel of a `rows` x `columns` output on `ws`'s threads (a pool splits a panel of
    /// 48 x threads rows into one 48-row tile per thread).
    static func panelHeight(_ ws: Workspace, rows: Int, columns: Int) -> Int {
        rows * columns <= ws.wholePanelFloats ? max(rows, 1) : panelRows * (ws.pool?.threads ?? 1)
    }

    /// `forward` for plain hidden layers and the output layer: per panel of output rows, the bias
    /// fill, the product, and (hidden layers) the activation and the batch-major copy. Blocks
    /// (norm, dropout, skip) run their whole-matrix passes after the panelled product: layer norm
    /// needs every feature of a sample, so it cannot run per row panel.
    static func fusedForward(parameters: UnsafePointer<Float>, buffers: UnsafeMutablePointer<Float>?,
                             activation: Activation, workspace ws: Workspace, batch: Int, forTraining: Bool) {
        let layers = ws.layerCount
        for l in 0..<layers {
            let slots = ws.layout.layers[l]
            let fanIn = slots.fanIn, fanOut = slots.fanOut
            let weights = parameters + slots.weights.lowerBound
            let bias = parameters + slots.bias.lowerBound
            let z = ws.preactivations[l], x = UnsafePointer(ws.activationsFM[l])
            let hidden = l + 1 < layers
            let epilogue = hidden && !ws.hasBlocks
            let next = hidden ? ws.activationsFM[l + 1] : z
            let height = panelHeight(ws, rows: fanOut, columns: batch)
            var row = 0
            while row < fanOut {
                let rows = min(height, fanOut - row)
                let panel = z + row * batch
                for i in 0..<rows { (panel + i * batch).update(repeating: bias[row + i], count: batch) }
                // z[rows, batch] += W[rows, in] * x[in, batch]
                gb_gemm_pooled(ws.pool?.handle, rows, batch, fanIn, weights + row * fanIn, fanIn, 1, x, batch, 1,
                               panel, batch, 1)
                if epilogue {
                    let out = next + row * batch
                    activation.forward(panel, out, count: rows * batch)
                    // Rows [row, row + rows) of a [fanOut, batch] block are columns of its [batch, fanOut] copy.
                    if forTraining { gb_transpose(rows, batch, out, batch, ws.activationsBM[l + 1] + row, fanOut) }
                }
                row += rows
            }
            if hidden && ws.hasBlocks {
                blockForward(layer: l, parameters: parameters, buffers: buffers, activation: activation, workspace: ws,
                             batch: batch, forTraining: forTraining)
                if forTraining { transpose(next, rows: fanOut, columns: batch, into: ws.activationsBM[l + 1]) }
            }
        }
    }

    /// `backward` followed by the optimizer step, fused: per layer from the last, the input
    /// gradient first (it reads the weights before their update; plain layers apply the
    /// activation's derivative per panel), then the weight gradient in panels, each panel's
    /// weights updated by `optimizer` right after it is written, then the bias gradient and its
    /// update; the norms' scales and shifts are updated after the pass. `gradients` ends holding
    /// the step's gradients, as after `backward`. The caller has begun the step
    /// (`optimizer.beginStep()`); the per-range sums `apply` returns are not needed here (steps
    /// that record layer statistics or clip the gradient norm take the unfused path).
    static func fusedBackwardAndStep(parameters: UnsafeMutablePointer<Float>, gradients: UnsafeMutablePointer<Float>,
                                     activation: Activation, workspace ws: Workspace, batch: Int,
                                     optimizer: Optimizer, learningRate: Double) {
        let pool = ws.pool?.handle
        for l in stride(from: ws.layerCount - 1, through: 0, by: -1) {
            let slots = ws.layout.layers[l]
            let fanIn = slots.fanIn, fanOut = slots.fanOut
            let weights = UnsafePointer(parameters + slots.weights.lowerBound)
            let delta = UnsafePointer(ws.deltas[l])
            if l > 0 {
                if ws.hasBlocks {
                    blockBackward(layer: l, parameters: parameters, gradients: gradients, activation: activation,
                                  workspace: ws, batch: batch)
                } else {
                    // dx[in, batch] = W^T[in, out] * delta[out, batch], then through the activation, per panel.
                    let previous = ws.deltas[l - 1]
                    let z = UnsafePointer(ws.preactivations[l - 1]), a = UnsafePointer(ws.activationsFM[l])
                    let height = panelHeight(ws, rows: fanIn, columns: batch)
                    var row = 0
                    while row < fanIn {
                        let rows = min(height, fanIn - row)
                        let offset = row * batch
                        gb_gemm_pooled(pool, rows, batch, fanOut, weights + row, 1, fanIn, delta, batch, 1,
                                       previous + offset, batch, 0)
                        activation.backward(z + offset, a + offset, previous + offset, count: rows * batch)
                        row += rows
                    }
                }
            }
            // dW[out, in] = delta[out, batch] * x[batch, in], per panel of output rows; a panel's rows
            // are a contiguous range of the weights, updated while the panel is in cache.
            let weightStart = slots.weights.lowerBound
            let xBM = UnsafePointer(ws.activationsBM[l])
            let height = panelHeight(ws, rows: fanOut, columns: fanIn)
            var row = 0
            while row < fanOut {
                let rows = min(height, fanOut - row)
                let start = weightStart + row * fanIn
                gb_gemm_pooled(pool, rows, fanIn, batch, delta + row * batch, batch, 1, xBM, fanIn, 1,
                               gradients + start, fanIn, 0)
                optimizer.applyWithoutSums(parameters, gradients: gradients, range: start..<(start + rows * fanIn),
                                         learningRate: learningRate)
                row += rows
            }
            gb_row_sums(pool, fanOut, batch, delta, batch, gradients + slots.bias.lowerBound)
            optimizer.applyWithoutSums(parameters, gradients: gradients, range: slots.bias, learningRate: learningRate)
        }
        // The norms' gradients are complete only now (block l writes block l - 1's).
        for slots in ws.layout.layers {
            for range in slots.trainable.dropFirst(2) {
                optimizer.applyWithoutSums(parameters, gradients: gradients, range: range, learningRate: learningRate)
            }
        }
    }
}
