import Core
import Notebook
import Records

/// Follows each `save: best` experiment's standing best while a sweep runs: jobs carry it as the
/// bar to beat, and a run that ends above it takes the weights over. The tracker decides; the
/// sweep runner deletes files and writes the pointer. Records are never part of the decision's
/// output: they are saved once, as the run ended, without a weights claim.
final class BestWeightsTracker {
    /// What to do with the files when a run ends.
    struct Decision: Equatable {
        /// The run's own weights lost: delete them.
        var removeOwnWeights = false
        /// The previous holder whose weights this run displaced: delete them.
        var displaced: RunKey?
        /// The experiment's new holder, to write as its pointer.
        var pointer: BestWeightsPointer?
    }

    private var standing: [String: RunRecord] = [:]
    private var metrics: [String: RunConfig.Metric] = [:]

    /// `kept` are the experiment's finished records; `hasWeights` says whose weights are on disk.
    init(runs: [ScheduledRun], kept: [RunRecord], hasWeights: (RunRecord) -> Bool) {
        for run in runs where run.job.config.training.save == .best {
            metrics[run.variant.experiment] = run.job.config.metric
        }
        for (experiment, metric) in metrics {
            standing[experiment] = BestWeights.best(of: kept.filter { $0.experiment == experiment }, metric: metric,
                                                    hasWeights: hasWeights)
        }
    }

    /// What a new job of `run` has to beat to be worth saving.
    func bar(for run: ScheduledRun) -> BestRun? {
        guard let metric = metrics[run.variant.experiment], let holder = standing[run.variant.experiment] else { return nil }
        return BestWeights.rank(of: holder, metric: metric)
    }

    /// Settles a finished run of a `save: best` experiment that wrote weights (`wroteWeights`).
    func settle(_ record: RunRecord, wroteWeights: Bool) -> Decision {
        guard wroteWeights, let metric = metrics[record.experiment] else { return Decision() }
        let holder = standing[record.experiment]
        if let candidate = BestWeights.rank(of: record, metric: metric),
           holder.flatMap({ BestWeights.rank(of: $0, metric: metric) }).map({ candidate.beats($0, goal: metric.goal) }) ?? true {
            standing[record.experiment] = record
            return Decision(displaced: holder.map(RunKey.init), pointer: BestWeights.pointer(for: record, metric: metric))
        }
        return Decision(removeOwnWeights: true)
    }
}
