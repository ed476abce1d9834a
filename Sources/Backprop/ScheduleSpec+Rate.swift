extension ScheduleSpec {
    /// The learning rate of epoch `epoch` (0-based) of a run of `totalEpochs` from `baseRate`.
    ///
    /// With `warmupEpochs = w > 0`, epochs 0..<w ramp linearly: base * (epoch + 1) / w (so the first
    /// epoch is not a zero step). The schedule then runs on the epochs after the warm-up, t = epoch - w:
    /// - constant: base
    /// - step: base * gamma^floor(t / stepEpochs) (torch StepLR)
    /// - exponential: base * gamma^t (torch ExponentialLR)
    /// - cosine: minimumRate + (base - minimumRate) * (1 + cos(pi t / T)) / 2 with T = totalEpochs - w
    ///   (torch CosineAnnealingLR with T_max = T, eta_min = minimumRate)
    public func learningRate(epoch: Int, totalEpochs: Int, baseRate: Double) -> Double {
        if warmupEpochs > 0 && epoch < warmupEpochs {
            return baseRate * Double(epoch + 1) / Double(warmupEpochs)
        }
        let t = epoch - max(warmupEpochs, 0)
        switch kind {
        case .constant:
            return baseRate
        case .step:
            return baseRate * _pow(gamma, Double(t / max(stepEpochs, 1)))
        case .exponential:
            return baseRate * _pow(gamma, Double(t))
        case .cosine:
            let span = max(totalEpochs - max(warmupEpochs, 0), 1)
            return minimumRate + (baseRate - minimumRate) * (1 + _cos(Double.pi * Double(t) / Double(span))) / 2
        }
    }
}
