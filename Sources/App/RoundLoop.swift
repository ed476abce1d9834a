import Core
import Notebook
import Records
import Runner
import Search

/// The search loop of one notebook: plan against the records, train, and while an adaptive
/// search has a new round to propose, plan and train again. The loop runs through records, not
/// through the method: every pass replays the rounds from the records so far
/// (`NotebookDocument.replayingRounds`), so a pass here, a resume after a kill, and `gradbook
/// report` all see the same proposals. Grid and random notebooks make exactly one pass.
struct RoundLoop {
    struct Outcome {
        /// The notebook with every round proposed so far (what the report and `missing` read).
        var document: NotebookDocument
        var result: SweepResult
        var scheduled: Int
        var kept: Int
        /// Where a budget ended an experiment's search in this invocation.
        var stops: [SearchStop] = []
    }

    let options: RunOptions
    let store: RunRecordStore
    let display: ProgressDisplay
    /// Re-renders the report while the sweep runs (nil: off).
    var live: LiveReport? = nil

    func run(_ notebook: NotebookDocument, existing: [RunRecord]) throws -> Outcome {
        // With --force nothing stored counts, so rounds are replayed from this invocation's runs.
        var records = options.force ? [] : existing
        var attempted = Set<RunKey>()
        var outcome = Outcome(document: notebook, result: SweepResult(), scheduled: 0, kept: 0)
        var pass = 0
        let budget = BudgetGate.make(notebook: notebook, options: options, store: store)
        let shared = SharedSearch(notebook: notebook, options: options, store: store, existing: existing)
        // Curves of ended runs, read once across passes (a record never changes once written).
        var curves = HyperbandLoop.Curves()
        var idle = 0
        // Whether other processes write records of this notebook too (shards, or a second
        // `gradbook run` on the folder whose claims this one met).
        var othersWrite = shared.isActive
        while true {
            // A stop signal between two rounds ends the search there (a search without a count
            // has no other end): the next round is not started.
            if pass > 0 && SignalTrap.shared.stopRequested {
                outcome.result.interrupted = true
                break
            }
            // Other processes on the folder (shards, array tasks, a second `gradbook run`) write
            // records too: each pass of a multi-pass search starts from what the folder holds.
            if (pass > 0 || idle > 0) && othersWrite && !options.force && (notebook.hasAdaptiveSearch || notebook.hasHyperband) {
                let now = try shared.rescan()
                records = now.records
                attempted.formUnion(now.endedElsewhere)
            }
            let replayed = try Self.replayWithRounds(notebook, records: records, stored: options.force ? nil : shared.rounds)
            let document = replayed.document
            if !options.force { try shared.settleRounds(document, rounds: replayed.rounds) }
            outcome.document = document
            var plan = shared.plan(document, options: options, records: options.force ? existing : records, inProposalOrder: budget != nil)
            // A run is attempted once per invocation: a failed run of an earlier round is an
            // observation (the worst value), not something to retry in a loop. A search a
            // budget ended proposes nothing more.
            plan.runs.removeAll { attempted.contains(RunKey($0.variant)) || budget?.isClosed($0.variant.experiment) == true }
            budget?.plan(document, records: records, scheduled: plan.runs)
            if pass == 0 && idle == 0 { outcome.kept = plan.kept.count }
            // Hyperband: cut what its cohort has decided, send the rest to their next band.
            let staged = HyperbandLoop(store: store, options: options, shared: shared.experiments)
                .stage(&plan, document: document, records: records, attempted: attempted, curves: &curves)
            outcome.result.records += staged.terminated
            outcome.result.ended.add(staged.terminated)
            outcome.result.problems += staged.problems
            records += staged.terminated
            if let failure = staged.writeFailure { outcome.result.writeFailure = failure; break }
            // The budget was told these runs are this pass's; another task ended them meanwhile
            // (without that, an epoch budget would wait for their epochs forever).
            for run in shared.dropMovedOn(&plan, planned: records) { budget?.endedElsewhere(run.variant) }
            guard !plan.runs.isEmpty else {
                // Cuts may settle a band (or a round) that the next pass goes on from; a cut
                // another task is writing right now is waited for.
                if !staged.terminated.isEmpty { idle = 0; continue }
                guard staged.deferred else { break }
                SharedSearch.pause(idle)
                idle += 1
                continue
            }
            idle = 0
            // Later passes are a bayes round, or (grid and random) hyperband runs going on to their next band.
            let title = pass == 0 ? notebook.stem : "\(notebook.stem) \(notebook.hasAdaptiveSearch ? "round" : "bands, pass") \(pass + 1)"
            let runner = SweepRunner(options: options, store: store, display: display)
            // Only a search that plans again reads this pass's records back (below).
            runner.keepsRecords = notebook.hasAdaptiveSearch || notebook.hasHyperband
            runner.budget = budget
            if let live {
                live.document = document
                runner.betweenEvents = { live.poll() }
            }
            let result = try runner.run(plan.runs, kept: plan.kept, title: title)
            pass += 1
            outcome.scheduled += plan.runs.count
            // A run waiting at its hyperband band is not over: a later pass continues it.
            // So is a run another process took on (its record, or its band, is on the folder).
            let waiting = Set(result.banded.map(RunKey.init)).union(result.trainedElsewhere.map(RunKey.init))
            for run in plan.runs where !waiting.contains(RunKey(run.variant)) { attempted.insert(RunKey(run.variant)) }
            outcome.result.records += result.records
            outcome.result.ended += result.ended
            outcome.result.problems += result.problems
            outcome.result.unfinished = result.unfinished
            outcome.result.interrupted = result.interrupted
            outcome.result.trainedElsewhere += result.trainedElsewhere
            othersWrite = othersWrite || !result.trainedElsewhere.isEmpty
            outcome.result.writeFailure = result.writeFailure
            outcome.result.unsaved += result.unsaved
            let fresh = Set(result.records.map(RunKey.init))
            records = records.filter { !fresh.contains(RunKey($0)) } + result.records
            // A full disk stops the search as it stops a sweep: nothing more can be kept.
            guard !result.interrupted, result.writeFailure == nil, notebook.hasAdaptiveSearch || notebook.hasHyperband else { break }
        }
        if let budget { outcome.stops = notebook.experiments.compactMap { budget.stops[$0.name] } }
        return outcome
    }

    /// The notebook with its adaptive experiments' rounds so far; a proposed point that fails
    /// validation (a drawn value out of a key's range) is invalid input, positioned in the file.
    /// With `stored`, a round its file holds for the same basis is read from there (see `RoundFiles`).
    static func replay(_ notebook: NotebookDocument, records: [RunRecord], stored: RoundFiles? = nil) throws(InvalidInput) -> NotebookDocument {
        try replayWithRounds(notebook, records: records, stored: stored).document
    }

    /// `replay`, with each adaptive experiment's rounds (for the round files).
    static func replayWithRounds(_ notebook: NotebookDocument, records: [RunRecord], stored: RoundFiles? = nil) throws(InvalidInput)
        -> (document: NotebookDocument, rounds: [String: [NotebookDocument.ProposedRound]]) {
        guard notebook.hasAdaptiveSearch else { return (notebook, [:]) }
        do {
            let replayed = try notebook.replayedRounds(records: records, stored: stored)
            return (replayed.document, replayed.rounds)
        } catch {
            throw InvalidInput(error.description)
        }
    }

    /// What cannot be split over shards or array tasks: a search with no end of its own (random or
    /// bayes without a `count` or an epoch budget; a time budget would end each task at another
    /// run). Adaptive rounds, hyperband bands and epoch budgets run sharded through the shared
    /// folder (`SharedSearch`); under `--force` a task could not tell another task's fresh
    /// records from the old ones it must ignore, so those experiments refuse it.
    static func refuseShards(_ notebooks: [NotebookDocument], shard: String?, force: Bool = false) throws(InvalidInput) {
        guard let shard else { return }
        let split = shard == "array tasks" ? "Slurm array tasks" : "shards (--shard \(shard))"
        var messages: [String] = []
        for notebook in notebooks {
            for experiment in notebook.experiments {
                let mark = experiment.methodMark
                let place = "\(notebook.path):\(mark.line):\(mark.column)"
                if experiment.growsWithRecords && experiment.sweep.count == nil && experiment.budget?.epochs == nil {
                    messages.append("\(place): error: experiment '\(experiment.name)' uses 'method: \(experiment.method.rawValue)' without 'count', which runs until stopped and cannot be split into \(split); give it a 'count' or an epoch budget ('budget: {epochs: E}'; a time budget would end each shard at a different run)")
                } else if force && experiment.isSharedAcrossTasks {
                    messages.append("\(place): error: experiment '\(experiment.name)' decides its runs from earlier results, which its \(split) share on the output folder; --force cannot tell their fresh records from the old ones: remove the experiment's records (runs/\(experiment.name)/\(experiment.growsWithRecords ? " and rounds/\(experiment.name)/" : "")) instead of --force")
                }
            }
        }
        guard messages.isEmpty else { throw InvalidInput(messages) }
    }
}
