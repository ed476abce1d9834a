import Core

/// What the output head is trained to minimise: the loss (`nil` is `auto`, the head's natural
/// loss), Huber's threshold and cross-entropy's label smoothing, as torch.nn defines them
/// (`HuberLoss(delta=)`, `CrossEntropyLoss(label_smoothing=)`). It travels with `NetworkSpec`
/// because evaluation reports the same loss as training (`val_loss` is the training loss).
public struct LossSpec: Sendable, Equatable, Codable {
    public var function: LossFunction?
    /// Where Huber's loss turns from quadratic to linear, in the (standardised) target's units.
    public var huberDelta: Double
    /// Cross-entropy targets become `(1 - s) y + s / K` (K = 2 per sigmoid output).
    public var labelSmoothing: Double

    public init(function: LossFunction? = nil, huberDelta: Double = 1, labelSmoothing: Double = 0) {
        precondition(huberDelta > 0, "huber delta must be > 0")
        precondition(labelSmoothing >= 0 && labelSmoothing < 1, "label smoothing lies in [0, 1)")
        self.function = function
        self.huberDelta = huberDelta
        self.labelSmoothing = labelSmoothing
    }

    /// The loss trained on `head`, with `auto` resolved.
    public func function(for head: OutputHead) -> LossFunction { function ?? .automatic(for: head) }
}
