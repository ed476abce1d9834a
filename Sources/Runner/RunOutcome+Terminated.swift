import Backprop
import Core
import Notebook
import Records

extension RunOutcome {
    /// The outcome of a run its cohort cut at a hyperband band: its curves up to the band, the
    /// band epoch's metrics as its final ones (what it had reached), and why it was cut.
    public init(terminated termination: Termination, epochs: [EpochRecord], seconds: Double, metric: RunConfig.Metric) {
        let shown = { (value: Double) in String(format: "%.6g", value) }
        let reason = "hyperband band at epoch \(termination.band): \(metric.name) \(shown(termination.value)) behind the cut-off \(shown(termination.cutoff)) (kept \(termination.kept) of \(termination.configurations) configurations)"
        self.init(status: .terminated, reason: reason,
                  bestEpoch: RunOutcome.bestEpoch(of: epochs, metric: metric.name, goal: metric.goal),
                  epochs: epochs, finalMetrics: epochs.last?.metrics ?? [:], seconds: seconds, numerics: Numerics.version)
        self.termination = termination
    }
}
