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
    /// Experiments other processes work on at the same time (`SharedSearch`): a cut is written by
    /// whichever process claims the run first; the others read its record.
    var shared: Set<String> = []

    struct Staged {
        /// `terminated` records written this pass (or found written by another process).
        var terminated: [RunRecord] = []
        var problems: [String] = []
        var writeFailure: String?
        /// A cut another process is writing right now: look again shortly.
        var deferred = false
    }

    /// Full curves of ended runs by run, kept across the passes of one search loop: the records
    /// are held light, and a cohort is ranked on the metric at a band, so without it every pass
    /// re-read every ended run of the experiment. Keyed by the record's end time too, since a
    /// failed run's record is replaced when it runs again.
    struct Curves {
        fileprivate var byRun: [RunKey: (finishedAt: String, epochs: [EpochRecord])] = [:]
        /// Record files read (for tests of the cache).
        private(set) var reads = 0

        fileprivate mutating func epochs(of record: RunRecord, store: RunRecordStore) -> [EpochRecord] {
            if record.hasCurves { return record.epochs }
            let key = RunKey(record)
            if let cached = byRun[key], cached.finishedAt == record.finishedAt { return cached.epochs }
            reads += 1
            let epochs = store.load(experiment: record.experiment, variant: record.variant)?.epochs ?? []
            byRun[key] = (record.finishedAt, epochs)
            return epochs
        }
    }

    /// Rewrites `plan` for the notebook's hyperband experiments. `records` are the records this
    /// invocation knows; a record counts as the end of its run when it is finished or came from
    /// this invocation (`attempted`: a failed run is retried by the next `gradbook run`, not here).
    func stage(_ plan: inout SweepPlan, document: NotebookDocument, records: [RunRecord], attempted: Set<RunKey>) -> Staged {
        var curves = Curves()
        return stage(&plan, document: document, records: records, attempted: attempted, curves: &curves)
    }

    /// `stage`, reading ended runs' curves through `curves` (kept by the caller across passes).
    func stage(_ plan: inout SweepPlan, document: NotebookDocument, records: [RunRecord], attempted: Set<RunKey>,
               curves cache: inout Curves) -> Staged {
        var staged = Staged()
        var byKey: [RunKey: RunRecord] = [:]
        for record in records where record.status.isFinished || attempted.contains(RunKey(record)) {
            byKey[RunKey(record)] = record
        }
        for experiment in document.experiments {
            guard let schedule = HyperbandSchedule(experiment: experiment) else { continue }
            // The runner holds records light (no curves); a cohort is ranked on the metric at a
            // band, so the ended runs of this experiment are read back whole, once per search.
            var curves: [RunKey: [EpochRecord]] = [:]
            for variant in experiment.variants {
                guard let record = byKey[RunKey(variant)] else { continue }
                curves[RunKey(variant)] = cache.epochs(of: record, store: store)
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
                var claim: RunClaims?
                if shared.contains(experiment.name) {
                    switch cutHere(variant) {
                    case .mine(let claims): claim = claims
                    case .written(let theirs):
                        staged.terminated.append(theirs)
                        continue
                    case .busy:
                        staged.deferred = true
                        continue
                    }
                }
                defer { claim?.release(RunKey(variant)) }
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

    private enum Cut {
        /// This process holds the run's claim: it writes the cut.
        case mine(RunClaims)
        /// Another process wrote it already.
        case written(RunRecord)
        /// Another live process holds the run (writing the cut, or training it from a plan made
        /// before the band was decided).
        case busy
    }

    /// Who writes the `terminated` record of a run of a shared experiment: the process that
    /// claims it (a claim gone stale, its owner dead, is taken over), once.
    private func cutHere(_ variant: Variant) -> Cut {
        let key = RunKey(variant)
        if let record = store.load(experiment: variant.experiment, variant: variant.id), record.status.isFinished { return .written(record) }
        let claims = RunClaims(store: store)
        let stale = ClaimTiming.staleSeconds()
        var taken = (try? claims.claim(key)) ?? false
        if !taken, let owner = claims.current(key), owner.isStale(staleAfter: stale) {
            taken = (try? claims.takeOver(key, judged: owner, staleAfter: stale)) ?? false
        }
        guard taken else { return .busy }
        // The record may have landed between the look and the claim.
        if let record = store.load(experiment: variant.experiment, variant: variant.id), record.status.isFinished {
            claims.release(key)
            return .written(record)
        }
        return .mine(claims)
    }
}
