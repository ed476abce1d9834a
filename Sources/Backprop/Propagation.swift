import CKernels
import Core

/// The forward and backward passes over a staged batch, in mirrored pairs. Every matrix product
/// is one `gb_gemm_pooled` call (on the caller alone unless the workspace has a pool); nothing
/// here allocates. A plain hidden layer (no norm, dropout or skip) runs the original two-step
/// path, `act(W h + b)`, with no branch per element; the other blocks run `Propagation+Blocks.swift`.
enum Propagation {
    /// Runs the batch staged in `workspace` through the layers; the output layer's logits end in
    /// `workspace.preactivations[last]`. `forTraining` also fills the batch-major activation
    /// copies that the weight-gradient products read, applies the staged dropout masks and
    /// normalises with batch statistics, moving the running statistics in `buffers`; otherwise
    /// (evaluation mode) dropout is the identity and batch norm reads the running statistics.
    /// `buffers` is the network's non-trainable region (nil when it has none). `epilogues` runs
    /// the fused panels of `Propagation+Fused.swift`; false runs the whole-matrix passes below,
    /// the reference they equal bit for bit.
    static func forward(parameters: UnsafePointer<Float>, buffers: UnsafeMutablePointer<Float>?, activation: Activation,
                        workspace ws: Workspace, batch: Int, forTraining: Bool, epilogues: Bool = true) {
        if epilogues {
            fusedForward(parameters: parameters, buffers: buffers, activation: activation, workspace: ws, batch: batch,
                         forTraining: forTraining)
            return
        }
        let layers = ws.layerCount
        for l in 0..<layers {
            let slots = ws.layout.layers[l]
            let fanIn = slots.fanIn, fanOut = slots.fanOut
            let weights = parameters + slots.weights.lowerBound
            let bias = parameters + slots.bias.lowerBound
            let z = ws.preactivations[l]
            for i in 0..<fanOut { (z + i * batch).update(repeating: bias[i], count: batch) }
            // z[out, batch] += W[out, in] * x[in, batch]
            gb_gemm_pooled(ws.pool?.handle, fanOut, batch, fanIn, weights, fanIn, 1, ws.activationsFM[l], batch, 1, z, batch, 1)
            if l + 1 < layers {
                let next = ws.activationsFM[l + 1]
                if ws.hasBlocks {
                    blockForward(layer: l, parameters: parameters, buffers: buffers, activation: activation, workspace: ws,
                                 batch: batch, forTraining: forTraining)
                } else {
                    activation.forward(z, next, count: fanOut * batch)
                }
                if forTraining { transpose(next, rows: fanOut, columns: batch, into: ws.activationsBM[l + 1]) }
            }
        }
    }

    /// Given d loss / d logits in `workspace.deltas[last]`, writes every layer's weight and bias
    /// gradients (and every norm's scale and shift gradients) into `gradients` (overwriting them).
    static func backward(parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>,
                         activation: Activation, workspace ws: Workspace, batch: Int) {
        for l in stride(from: ws.layerCount - 1, through: 0, by: -1) {
            let slots = ws.layout.layers[l]
            let fanIn = slots.fanIn, fanOut = slots.fanOut
            let weights = parameters + slots.weights.lowerBound
            let weightGradient = gradients + slots.weights.lowerBound
            let biasGradient = gradients + slots.bias.lowerBound
            let delta = ws.deltas[l]
            // dW[out, in] = delta[out, batch] * x[batch, in]
            gb_gemm_pooled(ws.pool?.handle, fanOut, fanIn, batch, delta, batch, 1, ws.activationsBM[l], fanIn, 1,
                           weightGradient, fanIn, 0)
            // db[out] = sum over the batch of delta[out, batch], in order (the naive loop's bits).
            gb_row_sums(ws.pool?.handle, fanOut, batch, delta, batch, biasGradient)
            if l > 0 {
                if ws.hasBlocks {
                    blockBackward(layer: l, parameters: parameters, gradients: gradients, activation: activation,
                                  workspace: ws, batch: batch)
                    continue
                }
                // dx[in, batch] = W^T[in, out] * delta[out, batch], then through the activation.
                let previous = ws.deltas[l - 1]
                gb_gemm_pooled(ws.pool?.handle, fanIn, batch, fanOut, weights, 1, fanIn, delta, batch, 1, previous, batch, 0)
                activation.backward(ws.preactivations[l - 1], ws.activationsFM[l], previous, count: fanIn * batch)
            }
        }
    }
}
