import Foundation
import Notebook

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
            let bestOnly = experiment.variants.filter { $0.config.training.save == "best" }
            guard !bestOnly.isEmpty else { continue }
            let candidates = bestOnly.compactMap { byKey[RunKey($0)] }
            let winner = best(of: candidates, metric: experiment.metric)
            for variant in bestOnly where variant.id != winner?.variant {
                let path = store.weightsPath(experiment: variant.experiment, variant: variant.id)
                if FileManager.default.fileExists(atPath: path) { try? FileManager.default.removeItem(atPath: path) }
                guard var record = byKey[RunKey(variant)], record.weightsFile != nil else { continue }
                record.weightsFile = nil
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
        var winner: (record: RunRecord, value: Double)?
        for record in records where record.status == .ok || record.status == .early_stopped {
            guard record.weightsFile != nil, let value = record.finalMetrics[metric.name], value.isFinite else { continue }
            if let current = winner {
                let better = metric.maximize ? value > current.value : value < current.value
                let earlier = (record.label, record.variant) < (current.record.label, current.record.variant)
                if better || (value == current.value && earlier) {
                    winner = (record, value)
                }
            } else {
                winner = (record, value)
            }
        }
        return winner?.record
    }
}
