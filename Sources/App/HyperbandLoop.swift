import Core
import Foundation
import Notebook
import Records
import Runner
import Search

/// Applies hyperband's decisions (`HyperbandSchedule`) to one pass of the search loop: runs cut
/// at a band get their `terminated` record here (no training), runs behind their cohort's band
/// train to it and pause there, runs waiting at a band sit out the pass, promoted runs continue
/// from their checkpoint. The decisions read only records and band files, so a pass after a kill
/// decides exactly as the pass before it would have.
struct HyperbandLoop {
    let store: RunRecordStore
    let options: RunOptions

    struct Staged {
        /// `terminated` records written this pass.
        var terminated: [RunRecord] = []
        var problems: [String] = []
        var writeFailure: String?
    }

    /// Rewrites `plan` for the notebook's hyperband experiments. `records` are the records this
    /// invocation knows; a record counts as the end of its run when it is finished or came from
    /// this invocation (`attempted`: a failed run is retried by the next `gradbook run`, not here).
    func stage(_ plan: inout SweepPlan, document: NotebookDocument, records: [RunRecord], attempted: Set<RunKey>) -> Staged {
        var staged = Staged()
        var byKey: [RunKey: RunRecord] = [:]
        for record in records where record.status.isFinished || attempted.contains(RunKey(record)) {
            byKey[RunKey(record)] = record
        }
        for experiment in document.experiments {
            guard let schedule = HyperbandSchedule(experiment: experiment) else { continue }
            // The runner holds records light (no curves); a cohort is ranked on the metric at a
            // band, so the ended runs of this experiment are read back whole, once per pass.
            var curves: [RunKey: [EpochRecord]] = [:]
            for variant in experiment.variants {
                guard let record = byKey[RunKey(variant)] else { continue }
                curves[RunKey(variant)] = record.hasCurves ? record.epochs
                    : store.load(experiment: record.experiment, variant: record.variant)?.epochs ?? []
            }
            let known = { (variant: Variant) -> HyperbandSchedule.Known in
                if let record = byKey[RunKey(variant)] { return .ended(record.status, curves[RunKey(variant)] ?? record.epochs) }
                if let band = store.loadBand(experiment: variant.experiment, variant: variant.id) {
                    return .atBand(band.band, band.epochs)
                }
                return .fresh
            }
            let actions = schedule.actions(for: experiment.variants, known: known)
            let variants = Dictionary(experiment.variants.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            // Cuts first, in plan order, so a kill part-way leaves a prefix of them.
            for variant in experiment.variants {
                guard case .terminate(let termination, let epochs)? = actions[variant.id] else { continue }
                let seconds = store.loadBand(experiment: variant.experiment, variant: variant.id)?.seconds ?? 0
                let outcome = RunOutcome(terminated: termination, epochs: epochs, seconds: seconds, metric: experiment.metric)
                let record = RunRecord(variant: variant, outcome: outcome, shard: options.shard)
                do {
                    try store.save(record)
                    store.removeBand(experiment: variant.experiment, variant: variant.id)
                    _ = unlink(store.checkpointPath(experiment: variant.experiment, variant: variant.id))
                    staged.terminated.append(record)
                } catch {
                    staged.problems.append("cannot save the record of \(experiment.name)/\(variant.label): \(error)")
                    if staged.writeFailure == nil { staged.writeFailure = "\(error)" }
                }
            }
            plan.runs = plan.runs.compactMap { run in
                guard run.variant.experiment == experiment.name, variants[run.variant.id] != nil else { return run }
                guard case .train(let pause)? = actions[run.variant.id] else { return nil }
                var staged = run
                staged.job.pauseAfterEpoch = pause
                return staged
            }
        }
        return staged
    }
}
