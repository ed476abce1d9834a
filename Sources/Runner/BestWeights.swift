import Core
import Foundation
import Core
import Notebook
import Records

/// `training.save: best` keeps the weights of each experiment's best run only.
///
/// Every run with `save: best` writes its weights when it ends; after each sweep (complete or
/// interrupted) the weights of all but the best finished run are removed and their records say so.
/// A resumed sweep therefore stays right: the best of the earlier sessions still has its file,
/// and a new run only displaces it by being better.
public enum BestWeights {
    /// Applies the rule to every experiment of `notebook` using `records` (all known records of the
    /// notebook); returns the records as they are after the update.
    @discardableResult
    public static func prune(notebook: NotebookDocument, records: [RunRecord], store: RunRecordStore) -> [RunRecord] {
        var byKey: [RunKey: RunRecord] = [:]
        for record in records { byKey[RunKey(record)] = record }
        for experiment in notebook.experiments {
            let bestOnly = experiment.variants.filter { $0.config.training.save == .best }
            guard !bestOnly.isEmpty else { continue }
            let candidates = bestOnly.compactMap { byKey[RunKey($0)] }
            let winner = best(of: candidates, metric: experiment.metric)
            for variant in bestOnly where variant.id != winner?.variant {
                let path = store.weightsPath(experiment: variant.experiment, variant: variant.id)
                if FileManager.default.fileExists(atPath: path) { try? FileManager.default.removeItem(atPath: path) }
                guard var record = byKey[RunKey(variant)], record.weightsFile != nil else { continue }
                record.outcome.weightsFile = nil
                do {
                    try store.save(record)
                    byKey[RunKey(variant)] = record
                } catch {
                    FileHandle.standardError.write(Data("warning: cannot update \(store.recordPath(experiment: variant.experiment, variant: variant.id)): \(error)\n".utf8))
                }
            }
        }
        return records.map { byKey[RunKey($0)] ?? $0 }
    }

    /// The best run by `metric` among ok and early-stopped runs with weights on file; ties go to
    /// the smaller label, then id (as the report ranks them), never to the order runs ended.
    public static func best(of records: [RunRecord], metric: RunConfig.Metric) -> RunRecord? {
        var winner: (record: RunRecord, rank: BestRun)?
        for record in records where record.weightsFile != nil {
            guard let rank = contender(status: record.status, metrics: record.finalMetrics, metric: metric,
                                       label: record.label, variant: record.variant) else { continue }
            if let current = winner, !rank.beats(current.rank, goal: metric.goal) { continue }
            winner = (record, rank)
        }
        return winner?.record
    }

    /// A run's standing for `save: best`, or nil when it cannot be the best (failed, diverged,
    /// or without a finite value of the metric).
    public static func contender(status: RunStatus, metrics: [String: Double], metric: RunConfig.Metric,
                                 label: String, variant: String) -> BestRun? {
        guard status == .ok || status == .early_stopped,
              let value = metrics[metric.name], value.isFinite else { return nil }
        return BestRun(value: value, label: label, variant: variant)
    }
}

/// Follows each experiment's best run while a sweep runs, so `save: best` leaves one weights
/// file per experiment without a rewrite pass at the end: jobs carry the standing best as the
/// bar to beat, and a run that ends above it displaces the previous holder.
final class BestWeightsTracker {
    private var standing: [String: RunRecord] = [:]
    private var metrics: [String: RunConfig.Metric] = [:]

    init(runs: [ScheduledRun], kept: [RunRecord]) {
        for run in runs where run.job.config.training.save == .best {
            metrics[run.variant.experiment] = run.job.config.metric
        }
        for (experiment, metric) in metrics {
            standing[experiment] = BestWeights.best(of: kept.filter { $0.experiment == experiment }, metric: metric)
        }
    }

    /// What a new job of `run` has to beat to be worth saving.
    func bar(for run: ScheduledRun) -> BestRun? {
        guard let metric = metrics[run.variant.experiment], let holder = standing[run.variant.experiment] else { return nil }
        return rank(of: holder, metric: metric)
    }

    /// Settles a finished run: returns its record as it should be saved (without weights when it
    /// lost) and the previous holder's record when this run displaced it.
    func settle(_ record: RunRecord) -> (record: RunRecord, displaced: RunRecord?) {
        guard record.weightsFile != nil, let metric = metrics[record.experiment] else { return (record, nil) }
        let holder = standing[record.experiment]
        if let candidate = rank(of: record, metric: metric),
           holder.flatMap({ rank(of: $0, metric: metric) }).map({ candidate.beats($0, goal: metric.goal) }) ?? true {
            standing[record.experiment] = record
            return (record, holder)
        }
        var loser = record
        loser.outcome.weightsFile = nil
        return (loser, nil)
    }

    private func rank(of record: RunRecord, metric: RunConfig.Metric) -> BestRun? {
        BestWeights.contender(status: record.status, metrics: record.finalMetrics, metric: metric,
                              label: record.label, variant: record.variant)
    }
}
