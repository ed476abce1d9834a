import CKernels
import Core

/// The hidden blocks with a norm, dropout or a skip: `z = W h + b` (already in
/// `preactivations[l]`), `y = norm(z)`, `a = act(y)`, `d = dropout(a)`, `h' = residual ? h + d : d`.
/// Each step is its own loop over the `[features, batch]` block, so a feature that is off costs
/// nothing per element.
extension Propagation {
    /// Hidden layer `l` from its linear output to `activationsFM[l + 1]`.
    static func blockForward(layer l: Int, parameters: UnsafePointer<Float>, buffers: UnsafeMutablePointer<Float>?,
                             activation: Activation, workspace ws: Workspace, batch: Int, forTraining: Bool) {
        let block = ws.blocks[l]
        let slots = ws.layout.layers[l]
        let features = slots.fanOut, count = features * batch
        let z = ws.preactivations[l], out = ws.activationsFM[l + 1]
        var y = UnsafePointer(z)
        if let norm = slots.norm {
            let normalized = ws.normOutputs[l]!
            let scale = parameters + norm.scale.lowerBound, shift = parameters + norm.shift.lowerBound
            switch block.norm {
            case .batch where forTraining:
                let running = buffers.map { ($0 + norm.runningMean!.lowerBound, $0 + norm.runningVariance!.lowerBound) }
                NormPass.batchForward(z, normalized, xhat: ws.normalized[l]!, mean: ws.normMeans[l]!,
                                      inverseStd: ws.normInverseStds[l]!, scale: scale, shift: shift,
                                      features: features, batch: batch, running: running)
            case .batch:
                let b = UnsafePointer(buffers!)
                NormPass.batchEvaluate(z, normalized, runningMean: b + norm.runningMean!.lowerBound,
                                       runningVariance: b + norm.runningVariance!.lowerBound, scale: scale, shift: shift,
                                       features: features, batch: batch)
            case .layer:
                NormPass.layerForward(z, normalized, xhat: ws.normalized[l]!, mean: ws.normMeans[l]!,
                                      inverseStd: ws.normInverseStds[l]!, scale: scale, shift: shift,
                                      features: features, batch: batch)
            case .none:
                preconditionFailure("a norm slot without a norm kind")
            }
            y = UnsafePointer(normalized)
        }
        guard let a = ws.activated[l] else {
            activation.forward(y, out, count: count)
            return
        }
        activation.forward(y, a, count: count)
        let h = UnsafePointer(ws.activationsFM[l])
        switch (forTraining ? ws.masks[l] : nil, block.residual) {
        case (let mask?, true): for k in 0..<count { out[k] = h[k] + a[k] * mask[k] }
        case (let mask?, false): for k in 0..<count { out[k] = a[k] * mask[k] }
        case (nil, true): for k in 0..<count { out[k] = h[k] + a[k] }
        case (nil, false): out.update(from: a, count: count)
        }
    }

    /// Mirrors `blockForward` for the output of layer `l` (l >= 1): from `deltas[l]` to d loss /
    /// d h_l (plus the skip's share when block l is residual), then back through block l - 1 to
    /// `deltas[l - 1]`, writing block l - 1's norm gradients.
    static func blockBackward(layer l: Int, parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>,
                              activation: Activation, workspace ws: Workspace, batch: Int) {
        let slots = ws.layout.layers[l]
        let fanIn = slots.fanIn, fanOut = slots.fanOut
        let count = fanIn * batch
        let g = ws.inputGradients[l]!
        // dh[in, batch] = W^T[in, out] * delta[out, batch], plus dh_{l+1} through block l's skip.
        gb_gemm(fanIn, batch, fanOut, parameters + slots.weights.lowerBound, 1, fanIn, ws.deltas[l], batch, g, batch, 0)
        if l < ws.blocks.count && ws.blocks[l].residual {
            let skip = UnsafePointer(ws.inputGradients[l + 1]!)
            for k in 0..<count { g[k] += skip[k] }
        }
        let b = l - 1
        let below = ws.layout.layers[b]
        let d = ws.deltas[b]
        if let mask = ws.masks[b] {
            for k in 0..<count { d[k] = g[k] * mask[k] }
        } else {
            d.update(from: g, count: count)
        }
        let y = below.norm != nil ? UnsafePointer(ws.normOutputs[b]!) : UnsafePointer(ws.preactivations[b])
        let a = UnsafePointer(ws.activated[b] ?? ws.activationsFM[l])
        activation.backward(y, a, d, count: count)
        guard let norm = below.norm else { return }
        let scale = parameters + norm.scale.lowerBound
        let scaleGradient = gradients + norm.scale.lowerBound, shiftGradient = gradients + norm.shift.lowerBound
        switch ws.blocks[b].norm {
        case .batch:
            NormPass.batchBackward(d, xhat: ws.normalized[b]!, inverseStd: ws.normInverseStds[b]!, scale: scale,
                                   scaleGradient: scaleGradient, shiftGradient: shiftGradient, features: fanIn, batch: batch)
        case .layer:
            NormPass.layerBackward(d, xhat: ws.normalized[b]!, inverseStd: ws.normInverseStds[b]!, scale: scale,
                                   scaleGradient: scaleGradient, shiftGradient: shiftGradient, scratch: ws.normScratch,
                                   features: fanIn, batch: batch)
        case .none:
            preconditionFailure("a norm slot without a norm kind")
        }
    }
}
