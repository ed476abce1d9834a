import CKernels
import Core

/// The optimizers, with PyTorch's update rules (torch.optim, default arguments otherwise). This
/// comment is the contract of every kind, wherever its loop runs.
///
/// One step: `beginStep()` advances the step number t (1 on the first step), then
/// `apply(_:gradients:range:learningRate:)` updates each range of trainable parameters; the
/// training session passes each layer's ranges in layout order (weights, then bias), or, for Adam
/// and AdamW, the whole buffer at once. The rule is elementwise, so any split into ranges gives the
/// same bits.
/// - Inputs: parameters p and gradients g over the range (g after clipping), the learning rate lr of
///   this step, the hyperparameters of `TrainingSpec`.
/// - State: t, and per-parameter buffers in the parameter layout, zero at the start: `first` (the
///   momentum buffer b, Adam's m) and `second` (RMSprop's and Adam's v).
/// - Arithmetic: Float, each operation rounded once, no fused multiply-add, exactly in the order
///   written below (left to right, as parenthesised). lr, wd, momentum, alpha, eps, beta1 and beta2
///   are rounded once from `TrainingSpec`'s Doubles (lr from the step's Double rate), and
///   (1 - alpha), (1 - beta1), (1 - beta2) are computed in Float from those. This order is what
///   makes every SIMD width (Swift's SIMD8 here, AVX-512 / AVX2 / scalar in CKernels) give the same bits.
///
/// Per element:
/// - sgd: p = p - lr * (g + wd * p)
/// - momentum, nesterov (torch.optim.SGD with dampening 0, L2 decay): d = g + wd * p;
///   b = d when t == 1, else momentum * b + d; momentum: p = p - lr * b;
///   nesterov: p = p - lr * (d + momentum * b)
/// - rmsprop (torch.optim.RMSprop, not centred, no momentum, L2 decay): d = g + wd * p;
///   v = alpha * v + ((1 - alpha) * d) * d; p = p - lr * (d / (sqrt(v) + eps))
/// - adam (L2 decay folded into the gradient), adamw (torch.optim.AdamW, decoupled decay):
///   w = p * shrink; d = g + l2 * w; m = m + (1 - beta1) * (d - m); v = beta2 * v + ((1 - beta2) * d) * d;
///   p = w - stepSize * (m / (sqrt(v) / correction2 + eps)), where adam has shrink = 1, l2 = wd and
///   adamw has shrink = 1 - lr * wd, l2 = 0; stepSize = Float(lr / (1 - beta1^t)) and
///   correction2 = Float(sqrt(1 - beta2^t)) are computed in Double from the Double lr, beta1, beta2.
/// - nadam (torch.optim.NAdam, momentum_decay 0.004, L2 decay): d = g + wd * p; m = m + (1 - beta1) * (d - m);
///   v = beta2 * v + ((1 - beta2) * d) * d; r = sqrt(v / correction2) + eps;
///   p = (p - gradientStep * (d / r)) - momentumStep * (m / r), where, in Double,
///   mu_t = beta1 * (1 - 0.5 * 0.96^(0.004 t)), P_t = mu_1 ... mu_t, gradientStep = Float(lr (1 - mu_t) / (1 - P_t)),
///   momentumStep = Float(lr mu_{t+1} / (1 - P_t mu_{t+1})), correction2 = Float(1 - beta2^t).
/// - adagrad (torch.optim.Adagrad, lr_decay 0, initial accumulator 0, eps 1e-10, L2 decay):
///   d = g + wd * p; s = s + d * d; p = p - lr * (d / (sqrt(s) + 1e-10)).
///
/// Where each kind is implemented (each in one place only): sgd, momentum, nesterov, rmsprop, nadam and adagrad in
/// `apply` below, which also gathers the sums of squares for the layer statistics in the same pass;
/// adam and adamw entirely in CKernels' `gb_adam_step` (Sources/CKernels/adam.c: the per-step
/// constants and the loop), which is vectorised per CPU and gathers no sums (`returnsStepSums`).
/// The fused training step (`applyWithoutSums`, Optimizer+Step.swift) runs sgd, momentum and
/// nesterov in CKernels' `gb_sgd_update` (Sources/CKernels/sgd.c), a second implementation of
/// those three rules without the sums, tested bit for bit against `apply`.
/// Instances are not shared between threads (one per training run).
final class Optimizer {
    let kind: OptimizerKind
    let momentum: Float
    let beta1: Double
    let beta2: Double
    let epsilon: Float
    let alpha: Float
    let weightDecay: Float
    var step = 0
    /// NAdam's product of the momentum coefficients mu_1 ... mu_t (1 before the first step).
    var muProduct = 1.0
    /// First and second moment buffers (momentum buffer / running mean of squares), nil when the
    /// optimizer keeps none; owned raw memory so the step loop runs without closures.
    let first: UnsafeMutablePointer<Float>?
    let second: UnsafeMutablePointer<Float>?
    let parameterCount: Int

    init(spec: TrainingSpec, parameterCount: Int) {
        kind = spec.optimizer
        momentum = Float(spec.momentum)
        beta1 = spec.beta1
        beta2 = spec.beta2
        epsilon = Float(spec.epsilon)
        alpha = Float(spec.rmspropAlpha)
        weightDecay = Float(spec.weightDecay)
        self.parameterCount = parameterCount
        let needsFirst: Bool, needsSecond: Bool
        switch kind {
        case .sgd: (needsFirst, needsSecond) = (false, false)
        case .momentum, .nesterov: (needsFirst, needsSecond) = (true, false)
        case .adam, .adamw: (needsFirst, needsSecond) = (true, true)
        case .nadam: (needsFirst, needsSecond) = (true, true)
        case .rmsprop, .adagrad: (needsFirst, needsSecond) = (false, true)
        }
        func buffer(_ needed: Bool) -> UnsafeMutablePointer<Float>? {
            guard needed else { return nil }
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(parameterCount, 1))
            pointer.initialize(repeating: 0, count: max(parameterCount, 1))
            return pointer
        }
        first = buffer(needsFirst)
        second = buffer(needsSecond)
    }

    deinit {
        first?.deallocate()
        second?.deallocate()
    }

    /// Applies one update with learning rate `learningRate` to all `count` parameters.
    func update(_ p: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>, count: Int,
                learningRate: Double) {
        beginStep()
        _ = apply(p, gradients: g, range: 0..<count, learningRate: learningRate)
    }

    /// Whether `apply` returns the sums of squares (false for Adam / AdamW, whose step runs in
    /// CKernels: the caller then measures the statistics itself).
    var returnsStepSums: Bool { kind != .adam && kind != .adamw }

    /// Starts a step (the bias corrections and the momentum start depend on the step number);
    /// `apply` then updates the parameters range by range.
    func beginStep() {
        step += 1
        if kind == .nadam { muProduct *= nadamMu(step) }
    }

    /// NAdam's momentum coefficient of step t (torch's default momentum_decay 0.004).
    private func nadamMu(_ t: Int) -> Double { beta1 * (1 - 0.5 * _pow(0.96, Double(t) * 0.004)) }

    /// Updates parameters `range` of the step begun by `beginStep`, and returns the sums of squares
    /// of the gradients, of the updates and of the new parameters over the range (gathered in the
    /// same pass, so the per-layer statistics cost no extra pass over memory).
    func apply(_ p: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>, range: Range<Int>,
               learningRate: Double) -> StepSums {
        if kind == .adam || kind == .adamw {
            let start = range.lowerBound
            gb_adam_step(range.count, p + start, g + start, first! + start, second! + start, kind == .adamw ? 1 : 0,
                         step, learningRate, beta1, beta2, epsilon, weightDecay)
            return StepSums(gradient: 0, update: 0, weight: 0)
        }
        // Eight lanes at a time (the last chunk padded with zeros and only its valid lanes stored):
        // the scalar loop does not vectorise on the default x86-64 target.
        typealias V = SIMD8<Float>
        let lrV = V(repeating: Float(learningRate)), wdV = V(repeating: weightDecay)
        let end = range.upperBound
        var sums = LaneSums()
        var i = range.lowerBound
        switch kind {
        case .sgd:
            while i < end {
                let n = min(8, end - i)
                let w = V.load(p, i, n), gi = V.load(g, i, n)
                sums.add(p, i, n, gi, w, w - lrV * (gi + wdV * w))
                i += 8
            }
        case .momentum, .nesterov:
            let buffer = first!
            let nesterov = kind == .nesterov, isFirstStep = step == 1
            let momentumV = V(repeating: momentum)
            while i < end {
                let n = min(8, end - i)
                let w = V.load(p, i, n), gi = V.load(g, i, n)
                let d = gi + wdV * w
                // torch: the buffer starts as the first gradient, then buf = momentum buf + d.
                let b = isFirstStep ? d : momentumV * V.load(buffer, i, n) + d
                b.store(buffer, i, n)
                sums.add(p, i, n, gi, w, w - lrV * (nesterov ? d + momentumV * b : b))
                i += 8
            }
        case .rmsprop:
            let v = second!
            let alphaV = V(repeating: alpha), oneMinusAlpha = V(repeating: 1 - alpha)
            let epsilonV = V(repeating: epsilon)
            while i < end {
                let n = min(8, end - i)
                let w = V.load(p, i, n), gi = V.load(g, i, n)
                let d = gi + wdV * w
                let vi = alphaV * V.load(v, i, n) + oneMinusAlpha * d * d
                vi.store(v, i, n)
                sums.add(p, i, n, gi, w, w - lrV * (d / (vi.squareRoot() + epsilonV)))
                i += 8
            }
        case .nadam:
            let m = first!, v = second!
            let mu = nadamMu(step), muNext = nadamMu(step + 1)
            let gradientStep = V(repeating: Float(learningRate * (1 - mu) / (1 - muProduct)))
            let momentumStep = V(repeating: Float(learningRate * muNext / (1 - muProduct * muNext)))
            let correction2 = V(repeating: Float(1 - _pow(beta2, Double(step))))
            let oneMinusBeta1 = V(repeating: 1 - Float(beta1)), beta2V = V(repeating: Float(beta2))
            let oneMinusBeta2 = V(repeating: 1 - Float(beta2)), epsilonV = V(repeating: epsilon)
            while i < end {
                let n = min(8, end - i)
                let w = V.load(p, i, n), gi = V.load(g, i, n)
                let d = gi + wdV * w
                let mOld = V.load(m, i, n)
                let mi = mOld + oneMinusBeta1 * (d - mOld)
                let vi = beta2V * V.load(v, i, n) + oneMinusBeta2 * d * d
                mi.store(m, i, n)
                vi.store(v, i, n)
                let r = (vi / correction2).squareRoot() + epsilonV
                sums.add(p, i, n, gi, w, (w - gradientStep * (d / r)) - momentumStep * (mi / r))
                i += 8
            }
        case .adagrad:
            let s = second!
            let epsilonV = V(repeating: 1e-10)
            while i < end {
                let n = min(8, end - i)
                let w = V.load(p, i, n), gi = V.load(g, i, n)
                let d = gi + wdV * w
                let si = V.load(s, i, n) + d * d
                si.store(s, i, n)
                sums.add(p, i, n, gi, w, w - lrV * (d / (si.squareRoot() + epsilonV)))
                i += 8
            }
        case .adam, .adamw:
            preconditionFailure("handled by the kernel above")
        }
        return StepSums(gradient: Double(sums.gradient.sum()), update: Double(sums.update.sum()),
                        weight: Double(sums.weight.sum()))
    }
}

/// Per-lane running sums of squares inside an optimizer loop (kept in registers).
private struct LaneSums {
    var gradient = SIMD8<Float>()
    var update = SIMD8<Float>()
    var weight = SIMD8<Float>()

    /// Stores the new parameters and adds the lanes' squares.
    @inline(__always)
    mutating func add(_ p: UnsafeMutablePointer<Float>, _ i: Int, _ n: Int, _ g: SIMD8<Float>, _ old: SIMD8<Float>,
                      _ new: SIMD8<Float>) {
        new.store(p, i, n)
        let change = new - old
        gradient += g * g
        update += change * change
        weight += new * new
    }
}

/// Sums of squares over one parameter range in one optimizer step.
struct StepSums: Sendable {
    var gradient: Double
    var update: Double
    var weight: Double
}

extension SIMD8 where Scalar == Float {
    /// Lanes base[i ..< i + n] (n <= 8), the rest zero.
    @inline(__always)
    static func load(_ base: UnsafePointer<Float>, _ i: Int, _ n: Int) -> SIMD8<Float> {
        if n == 8 { return UnsafeRawPointer(base + i).loadUnaligned(as: SIMD8<Float>.self) }
        var result = SIMD8<Float>()
        for k in 0..<n { result[k] = base[i + k] }
        return result
    }

    @inline(__always)
    static func load(_ base: UnsafeMutablePointer<Float>, _ i: Int, _ n: Int) -> SIMD8<Float> {
        load(UnsafePointer(base), i, n)
    }

    /// Writes the first n lanes to base[i ..< i + n].
    @inline(__always)
    func store(_ base: UnsafeMutablePointer<Float>, _ i: Int, _ n: Int) {
        if n == 8 { UnsafeMutableRawPointer(base + i).storeBytes(of: self, as: SIMD8<Float>.self); return }
        for k in 0..<n { base[i + k] = self[k] }
    }
}
