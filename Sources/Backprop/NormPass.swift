import Core

/// The normalisations after a hidden linear layer, over feature-major `[features, batch]` blocks
/// (row stride = batch), as PyTorch defines them with eps 1e-5 and an affine scale and shift:
/// - batch norm (BatchNorm1d): per feature, over the batch; training normalises with the batch's
///   mean and biased variance and moves the running statistics by momentum 0.1 (the running
///   variance takes the unbiased batch variance); evaluation normalises with the running ones.
/// - layer norm (LayerNorm): per sample, over the features, the same in training and evaluation.
/// Forward and backward are mirrored pairs; backward overwrites `d` (d loss / d y in, d loss / d z
/// out) and writes (not accumulates) the scale and shift gradients. Every sum runs in one fixed
/// order (the batch or the features, first to last), so results repeat bit for bit.
enum NormPass {
    static let epsilon: Double = 1e-5
    static let momentum: Float = 0.1

    /// Batch norm in training mode. `mean` / `inverseStd` receive the batch's per-feature
    /// statistics (for backward); `running` (mean, variance) is updated when given.
    static func batchForward(_ z: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, xhat: UnsafeMutablePointer<Float>,
                             mean: UnsafeMutablePointer<Float>, inverseStd: UnsafeMutablePointer<Float>,
                             scale: UnsafePointer<Float>, shift: UnsafePointer<Float>, features: Int, batch n: Int,
                             running: (mean: UnsafeMutablePointer<Float>, variance: UnsafeMutablePointer<Float>)?) {
        for i in 0..<features {
            let row = z + i * n, out = y + i * n, normalized = xhat + i * n
            // Sums in Double: the mean and variance of a feature are then exact to fp32 rounding
            // whatever the batch size.
            var sum = 0.0
            for j in 0..<n { sum += Double(row[j]) }
            let m = sum / Double(n)
            var squares = 0.0
            for j in 0..<n { let d = Double(row[j]) - m; squares += d * d }
            let variance = squares / Double(n)
            let meanF = Float(m), invStd = Float(1 / (variance + epsilon).squareRoot())
            mean[i] = meanF
            inverseStd[i] = invStd
            let gamma = scale[i], beta = shift[i]
            for j in 0..<n {
                let x = (row[j] - meanF) * invStd
                normalized[j] = x
                out[j] = gamma * x + beta
            }
            if let running {
                let unbiased = Float(n > 1 ? squares / Double(n - 1) : variance)
                running.mean[i] = (1 - momentum) * running.mean[i] + momentum * meanF
                running.variance[i] = (1 - momentum) * running.variance[i] + momentum * unbiased
            }
        }
    }

    /// Batch norm in evaluation mode: y = scale * (z - running mean) / sqrt(running var + eps) + shift.
    static func batchEvaluate(_ z: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                              runningMean: UnsafePointer<Float>, runningVariance: UnsafePointer<Float>,
                              scale: UnsafePointer<Float>, shift: UnsafePointer<Float>, features: Int, batch n: Int) {
        for i in 0..<features {
            let row = z + i * n, out = y + i * n
            let m = runningMean[i], invStd = Float(1 / (Double(runningVariance[i]) + epsilon).squareRoot())
            let gamma = scale[i], beta = shift[i]
            for j in 0..<n { out[j] = gamma * ((row[j] - m) * invStd) + beta }
        }
    }

    /// Mirrors `batchForward`: dz = scale * invStd / n * (n dy - sum(dy) - xhat sum(dy xhat)).
    static func batchBackward(_ d: UnsafeMutablePointer<Float>, xhat: UnsafePointer<Float>,
                              inverseStd: UnsafePointer<Float>, scale: UnsafePointer<Float>,
                              scaleGradient: UnsafeMutablePointer<Float>, shiftGradient: UnsafeMutablePointer<Float>,
                              features: Int, batch n: Int) {
        for i in 0..<features {
            let dy = d + i * n, normalized = xhat + i * n
            var sumD = 0.0, sumDX = 0.0
            for j in 0..<n {
                sumD += Double(dy[j])
                sumDX += Double(dy[j]) * Double(normalized[j])
            }
            scaleGradient[i] = Float(sumDX)
            shiftGradient[i] = Float(sumD)
            let factor = scale[i] * inverseStd[i] / Float(n)
            let count = Float(n), sD = Float(sumD), sDX = Float(sumDX)
            for j in 0..<n { dy[j] = factor * (count * dy[j] - sD - normalized[j] * sDX) }
        }
    }

    /// Layer norm (training and evaluation alike). `mean` / `inverseStd` hold one value per sample.
    /// The loops run feature by feature with the batch innermost, so they stream the rows.
    static func layerForward(_ z: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, xhat: UnsafeMutablePointer<Float>,
                             mean: UnsafeMutablePointer<Float>, inverseStd: UnsafeMutablePointer<Float>,
                             scale: UnsafePointer<Float>, shift: UnsafePointer<Float>, features: Int, batch n: Int) {
        let width = Float(features)
        mean.update(repeating: 0, count: n)
        inverseStd.update(repeating: 0, count: n)
        for i in 0..<features {
            let row = z + i * n
            for j in 0..<n { mean[j] += row[j] }
        }
        for j in 0..<n { mean[j] /= width }
        for i in 0..<features {
            let row = z + i * n
            for j in 0..<n { let d = row[j] - mean[j]; inverseStd[j] += d * d }
        }
        for j in 0..<n { inverseStd[j] = Float(1 / (Double(inverseStd[j] / width) + epsilon).squareRoot()) }
        for i in 0..<features {
            let row = z + i * n, out = y + i * n, normalized = xhat + i * n
            let gamma = scale[i], beta = shift[i]
            for j in 0..<n {
                let x = (row[j] - mean[j]) * inverseStd[j]
                normalized[j] = x
                out[j] = gamma * x + beta
            }
        }
    }

    /// Mirrors `layerForward`: with g = scale * dy, dz = invStd / F * (F g - sum_i g - xhat sum_i g xhat).
    /// `scratch` holds 2 * batch floats.
    static func layerBackward(_ d: UnsafeMutablePointer<Float>, xhat: UnsafePointer<Float>,
                              inverseStd: UnsafePointer<Float>, scale: UnsafePointer<Float>,
                              scaleGradient: UnsafeMutablePointer<Float>, shiftGradient: UnsafeMutablePointer<Float>,
                              scratch: UnsafeMutablePointer<Float>, features: Int, batch n: Int) {
        let sumG = scratch, sumGX = scratch + n
        sumG.update(repeating: 0, count: n)
        sumGX.update(repeating: 0, count: n)
        for i in 0..<features {
            let dy = d + i * n, normalized = xhat + i * n
            let gamma = scale[i]
            var sumD: Float = 0, sumDX: Float = 0
            for j in 0..<n {
                sumD += dy[j]
                sumDX += dy[j] * normalized[j]
                let g = gamma * dy[j]
                sumG[j] += g
                sumGX[j] += g * normalized[j]
            }
            scaleGradient[i] = sumDX
            shiftGradient[i] = sumD
        }
        let width = Float(features)
        for i in 0..<features {
            let dy = d + i * n, normalized = xhat + i * n
            let gamma = scale[i]
            for j in 0..<n {
                dy[j] = inverseStd[j] / width * (width * (gamma * dy[j]) - sumG[j] - normalized[j] * sumGX[j])
            }
        }
    }
}

/// Inverted dropout masks: each entry 0 with probability p, else 1 / (1 - p), so `a * mask` keeps
/// the expected activation (PyTorch's train-mode `nn.Dropout`). Drawn from the run's "dropout"
/// stream, element after element, so no other stream shifts and a run repeats bit for bit.
enum DropoutMask {
    static func draw(_ mask: UnsafeMutablePointer<Float>, count: Int, probability p: Double,
                     using generator: inout SeededGenerator) {
        let keep = Float(1 - p), scale = 1 / Float(1 - p)
        for k in 0..<count { mask[k] = generator.nextFloat() < keep ? scale : 0 }
    }
}
