import Core
import Foundation
import Notebook
import Records
#if canImport(Glibc)
import Glibc
#endif

/// `training.save: best` keeps the weights of each experiment's best run only.
///
/// Records never say which run holds the weights: records are written once, and the holder
/// changes whenever a later run does better. The holder is derived instead, as the best finished
/// run (by the experiment's metric, ties to the smaller label, then id) whose `.safetensors` is
/// on disk, and kept in `runs/<experiment>/best-weights.json` for readers. A run only writes
/// weights when it beats the standing best, so the best run overall always has its file.
public enum BestWeights {
    /// What `settle` did: the holder of each `save: best` experiment, and what it could not do.
    public struct Settlement: Sendable {
        /// Experiment name -> the run holding its weights (absent when no run qualifies yet).
        public var holders: [String: BestWeightsPointer] = [:]
        public var problems: [String] = []
    }

    /// Derives each `save: best` experiment's holder from `records` and the files on disk, writes
    /// its pointer, and deletes the weights of every other finished run of the experiment. Weights
    /// without a record are left alone: their run is still in flight (another shard) and will
    /// settle itself. Only weights files and pointers change; no record is rewritten.
    public static func settle(notebook: NotebookDocument, planned: PlannedRecords, store: RunRecordStore) -> Settlement {
        var settlement = Settlement()
        for experiment in notebook.experiments {
            let bestOnly = experiment.variants.filter { $0.config.training.save == .best }
            guard !bestOnly.isEmpty else { continue }
            let finished = bestOnly.compactMap(planned.record(of:))
            let winner = best(of: finished, metric: experiment.metric, hasWeights: { BestWeights.hasWeights($0, in: store) })
            for record in finished where record.variant != winner?.variant {
                if let problem = removeWeights(experiment: record.experiment, variant: record.variant, in: store) {
                    settlement.problems.append(problem)
                }
            }
            let holder = winner.flatMap { BestWeights.pointer(for: $0, metric: experiment.metric) }
            do {
                try store.saveBestWeights(holder, experiment: experiment.name)
            } catch {
                settlement.problems.append("cannot write \(store.bestWeightsPath(experiment: experiment.name)): \(error)")
            }
            if let holder { settlement.holders[experiment.name] = holder }
        }
        return settlement
    }

    /// The best run by `metric` among ok and early-stopped runs for which `hasWeights` holds; ties
    /// go to the smaller label, then id (as the report ranks them), never to the order runs ended.
    public static func best(of records: [RunRecord], metric: RunConfig.Metric,
                            hasWeights: (RunRecord) -> Bool) -> RunRecord? {
        var winner: (record: RunRecord, rank: BestRun)?
        for record in records {
            guard let rank = rank(of: record, metric: metric) else { continue }
            if let current = winner, !rank.beats(current.rank, goal: metric.goal) { continue }
            guard hasWeights(record) else { continue }
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

    static func rank(of record: RunRecord, metric: RunConfig.Metric) -> BestRun? {
        contender(status: record.status, metrics: record.finalMetrics, metric: metric,
                  label: record.label, variant: record.variant)
    }

    static func pointer(for record: RunRecord, metric: RunConfig.Metric) -> BestWeightsPointer? {
        guard let value = record.finalMetrics[metric.name] else { return nil }
        return BestWeightsPointer(experiment: record.experiment, variant: record.variant, label: record.label,
                                  metric: metric.name, value: value)
    }

    static func hasWeights(_ record: RunRecord, in store: RunRecordStore) -> Bool {
        FileManager.default.fileExists(atPath: store.weightsPath(experiment: record.experiment, variant: record.variant))
    }

    /// Deletes one run's weights file (a missing file is fine); a message when that failed.
    static func removeWeights(experiment: String, variant: String, in store: RunRecordStore) -> String? {
        let path = store.weightsPath(experiment: experiment, variant: variant)
        guard unlink(path) != 0 && errno != ENOENT else { return nil }
        return "cannot remove \(path): \(String(cString: strerror(errno)))"
    }
}
