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
    /// One weight > 0 per class index (`CrossEntropyLoss(weight=)`); nil weighs every sample
    /// alike. The formulas are in `LossKind+ClassWeights.swift`.
    public var classWeights: [Double]?

    public init(function: LossFunction? = nil, huberDelta: Double = 1, labelSmoothing: Double = 0,
                classWeights: [Double]? = nil) {
        precondition(huberDelta > 0, "huber delta must be > 0")
        precondition(labelSmoothing >= 0 && labelSmoothing < 1, "label smoothing lies in [0, 1)")
        precondition(classWeights?.allSatisfy { $0 > 0 && $0.isFinite } ?? true, "class weights are finite and > 0")
        self.function = function
        self.huberDelta = huberDelta
        self.labelSmoothing = labelSmoothing
        self.classWeights = classWeights
    }

    /// The class weights as the loss kernels read them, checked against the data's class count.
    func kernelWeights(classCount: Int) -> [Float]? {
        guard let classWeights else { return nil }
        precondition(classWeights.count == classCount, "\(classWeights.count) class weights for \(classCount) classes")
        return classWeights.map(Float.init)
    }

    /// The loss trained on `head`, with `auto` resolved.
    public func function(for head: OutputHead) -> LossFunction { function ?? .automatic(for: head) }
}
