import Core
import Foundation
import Notebook
import Records
import Runner
import Search

/// How the tasks of a sharded search (`--shard`, Slurm array tasks) cooperate on one output
/// folder for the experiments whose next runs depend on earlier results: adaptive rounds,
/// hyperband bands, epoch budgets. Those are not split up front (a round does not exist when the
/// array starts, and a throttled array would leave a task waiting for runs of a task that never
/// starts); every task is responsible for all their runs and takes them one by one through the
/// run claims, so a task trains what nobody holds, waits (in the sweep's claim keeper) for runs
/// that live tasks hold, and takes over a claim that went stale because its task died.
/// Grid and random experiments without bands or an epoch budget keep their fixed shard.
struct SharedSearch {
    /// Experiments every task takes part in (empty without a shard: one process does it all).
    let experiments: Set<String>
    let store: RunRecordStore
    /// The round files (written for every adaptive search, sharded or not: a resume reads them).
    let rounds: RoundFiles
    /// Records present when this invocation started: a record that is not among them was written
    /// by this search (here or by another task), so a failure in it is an observation to keep,
    /// not something for another task to retry (which would change the next round under the
    /// tasks that already proposed it).
    private let initial: Set<String>

    init(notebook: NotebookDocument, options: RunOptions, store: RunRecordStore, existing: [RunRecord]) {
        self.store = store
        rounds = RoundFiles(directory: store.directory)
        experiments = options.shard == nil ? [] : notebook.experimentsSharedAcrossTasks
        initial = Set(existing.map(Self.identity))
    }

    var isActive: Bool { !experiments.isEmpty }

    /// The plan of a pass: the shard's own runs of fixed experiments, and every run of the shared
    /// ones (claims decide who trains which).
    func plan(_ document: NotebookDocument, options: RunOptions, records: [RunRecord], inProposalOrder: Bool) -> SweepPlan {
        var plan = SweepPlan.make(notebook: document, store: store, options: options, existing: records, inProposalOrder: inProposalOrder)
        guard isActive else { return plan }
        var whole = options
        whole.shard = nil
        let all = SweepPlan.make(notebook: document, store: store, options: whole, existing: records, inProposalOrder: inProposalOrder)
        let shared = { (variant: Variant) in experiments.contains(variant.experiment) }
        plan.runs = plan.runs.filter { !shared($0.variant) } + all.runs.filter { shared($0.variant) }
        plan.kept = plan.kept.filter { !experiments.contains($0.experiment) } + all.kept.filter { experiments.contains($0.experiment) }
        plan.responsible = plan.responsible.filter { !shared($0) } + all.responsible.filter(shared)
        return plan
    }

    /// Every record on the folder now (light), with the keys of runs whose failure another task
    /// of this search recorded (they count as attempted here too).
    func rescan() throws -> (records: [RunRecord], endedElsewhere: [RunKey]) {
        let records = try store.scan { _, _ in false }.records
        let ended = records.filter { !$0.status.isFinished && !initial.contains(Self.identity($0)) }.map(RunKey.init)
        return (records, ended)
    }

    /// Runs of shared experiments that another task moved on while this one planned: a record
    /// that appeared, or a band file at or past the band this plan would train the run to. The
    /// claim keeper sees only what changes after it starts, so these leave the plan here.
    /// Returns the runs dropped (a budget that counted on them must hear they ended elsewhere).
    @discardableResult
    func dropMovedOn(_ plan: inout SweepPlan, planned records: [RunRecord]) -> [ScheduledRun] {
        guard isActive else { return [] }
        let known = Set(records.filter(\.status.isFinished).map(RunKey.init))
        let before = plan.runs
        plan.runs.removeAll { run in
            guard experiments.contains(run.variant.experiment), !known.contains(RunKey(run.variant)) else { return false }
            return run.movedOn(in: store)
        }
        let kept = Set(plan.runs.map { RunKey($0.variant) })
        return before.filter { !kept.contains(RunKey($0.variant)) }
    }

    /// Writes (or checks) the round file of every round a replay proposed (`rounds`, by experiment).
    func settleRounds(_ document: NotebookDocument, rounds proposed: [String: [NotebookDocument.ProposedRound]]) throws {
        for experiment in document.experiments {
            guard let proposals = proposed[experiment.name] else { continue }
            for (index, round) in proposals.enumerated() {
                do {
                    try rounds.settle(experiment: experiment.name, round: index, basis: round.basis, variants: round.variants, points: round.points,
                                      read: round.file)
                } catch let mismatch as RoundMismatch {
                    throw InvalidInput(mismatch.description)
                }
            }
        }
    }

    /// Pauses before looking at the folder again, longer each time nothing changed (1 s up to
    /// 10 s): another task is deciding a band or writing records this task cannot take.
    static func pause(_ attempt: Int) {
        let seconds = min(10.0, Double(1 << min(attempt, 4)) * 0.5)
        usleep(useconds_t(seconds * 1_000_000))
    }

    private static func identity(_ record: RunRecord) -> String {
        "\(record.experiment)/\(record.variant)@\(record.finishedAt)"
    }
}
