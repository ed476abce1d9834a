import Core

/// What a run's time is made of, counted from its configuration alone (no clock): the floating-
/// point work of its matrix products, its optimizer steps, its epochs and the run itself. Tiny
/// networks spend most of their time per step and per epoch, not per parameter-sample, which is
/// why one unitless number (`Variant.cost`) cannot predict them: `RunTimeModel` (module `Runner`)
/// weighs these four terms with seconds fitted on finished runs.
public struct CostFeatures: Sendable, Hashable, Codable {
    /// Multiply-adds x 2 of every epoch's training (forward and backward: 6 per weight and
    /// sample), its validation pass (2 per weight and sample), the final evaluation of every split,
    /// and per-unit element work (activation, normalisation, dropout) counted as FLOPs.
    public var flops: Double
    /// Mini-batch steps over the run: ceil(training samples / batch size) x epochs.
    public var steps: Double
    /// Steps x dense layers: each layer of each step costs a few kernel calls (forward and both
    /// backward products, activation, bias sums, the update) whatever its width, which is what
    /// tiny networks' seconds are made of. Measured (2,000 tiny moons runs on a quiet Zen 1): one
    /// more hidden layer of 8 costs more than doubling a layer's width from 8 to 16, although
    /// its FLOPs are fewer; without this term the model cannot tell depth from width.
    public var layerSteps: Double
    public var epochs: Double

    public init(flops: Double, steps: Double, epochs: Double, layerSteps: Double = 0) {
        self.flops = flops
        self.steps = steps
        self.layerSteps = layerSteps
        self.epochs = epochs
    }

    /// The terms in the order `RunTimeModel` weighs them; the last is the run itself (1).
    public var terms: [Double] { [flops, steps, layerSteps, epochs, 1] }

    /// A run that ended after `fraction` of its planned epochs (early stopping, divergence,
    /// a hyperband band): every per-epoch term scales, the run's own cost does not.
    public func scaled(by fraction: Double) -> CostFeatures {
        let f = min(1, max(0, fraction))
        return CostFeatures(flops: flops * f, steps: steps * f, epochs: epochs * f, layerSteps: layerSteps * f)
    }

    /// For a variant built by hand (no data set shape known): its unitless cost stands for the
    /// parameter-samples, 6 FLOPs each, and nothing is known of its steps and epochs.
    public init(work: Double) { self.init(flops: 6 * max(0, work), steps: 0, epochs: 0) }

    /// The features of a network with layer `widths` (input, hidden..., output) trained on
    /// `training` samples and validated on `validation` each epoch, `evaluated` samples in the
    /// final evaluation of every split.
    public init(widths: [Double], training: Double, validation: Double, evaluated: Double, batchSize: Int,
                epochs: Int, activation: Activation, optimizer: OptimizerKind, normalized: Bool, dropout: Bool) {
        let weights = zip(widths, widths.dropFirst()).reduce(0.0) { $0 + $1.0 * $1.1 + $1.1 }
        let hiddenUnits = widths.dropFirst().dropLast().reduce(0, +), outputs = widths.last ?? 0
        // Element work per hidden unit and sample, forward and backward: the activation (an
        // exponential costs about a dozen FLOPs), a norm's statistics and scaling, dropout's mask;
        // the output head's softmax or loss per output.
        let perUnit = Self.activationFLOPs(activation) + (normalized ? 10 : 0) + (dropout ? 3 : 0)
        let elementWork = perUnit * hiddenUnits + 15 * outputs
        let e = Double(max(0, epochs))
        let perEpoch = training * (6 * weights + elementWork) + validation * (2 * weights + elementWork / 2)
        let final = evaluated * (2 * weights + elementWork / 2)
        let batches = (training / Double(max(1, batchSize))).rounded(.up)
        // The optimizer's update reads and writes every weight once per step.
        let update = e * batches * weights * Self.updateFLOPs(optimizer)
        let layers = Double(max(0, widths.count - 1))
        self.init(flops: e * perEpoch + final + update, steps: e * batches, epochs: e, layerSteps: e * batches * layers)
    }

    /// FLOPs of one unit's activation, forward plus derivative.
    static func activationFLOPs(_ activation: Activation) -> Double {
        switch activation {
        case .identity: return 1
        case .relu, .leaky_relu: return 2
        case .elu, .softplus, .sigmoid, .tanh: return 20
        case .gelu, .silu: return 30
        }
    }

    /// FLOPs per weight of one optimizer step (read gradient and moments, write weight and moments).
    static func updateFLOPs(_ optimizer: OptimizerKind) -> Double {
        switch optimizer {
        case .sgd: return 2
        case .momentum, .nesterov, .adagrad, .rmsprop: return 4
        case .adam, .adamw, .nadam: return 10
        }
    }
}
