import CKernels

extension Optimizer {
    /// `apply` without the sums of squares, for the fused training step (which never records
    /// layer statistics): sgd, momentum and nesterov run CKernels' vectorised `gb_sgd_update`,
    /// the other kinds `apply` itself. Same bits as `apply` (tests compare them).
    func applyWithoutSums(_ p: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>, range: Range<Int>,
                          learningRate: Double) {
        let rule: Int32
        switch kind {
        case .sgd: rule = GB_SGD_RULE_PLAIN
        case .momentum: rule = GB_SGD_RULE_MOMENTUM
        case .nesterov: rule = GB_SGD_RULE_NESTEROV
        case .adam, .adamw, .rmsprop, .nadam, .adagrad:
            _ = apply(p, gradients: g, range: range, learningRate: learningRate)
            return
        }
        let start = range.lowerBound
        gb_sgd_update(range.count, p + start, g + start, first.map { $0 + start }, rule, step == 1 ? 1 : 0,
                      Float(learningRate), weightDecay, momentum)
    }
}
