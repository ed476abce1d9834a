import Core
import Notebook
import Records

/// The rule of an epoch budget (`budget: {epochs: E}`), one place for the runner that admits runs
/// and the report that says where the search ended.
///
/// Runs are taken in proposal order. Run k starts when the epochs the runs before it trained plus
/// its own `training.epochs` (the most it can train) fit in E; the first run that does not fit
/// ends the experiment's search (no later, cheaper run is tried). A run that stopped early counts
/// the epochs it trained, so which runs exist is a pure function of the notebook and its seeds.
/// While a run before k has not ended its epochs are unknown: the decision waits, unless even its
/// full `training.epochs` fit.
public enum EpochBudget {
    public enum Decision: Sendable, Equatable {
        /// The run fits whatever the unfinished runs before it train.
        case fits
        /// The run may or may not fit: wait for the runs before it.
        case undecided
        /// The run does not fit: the search ends before it, after `trained` epochs.
        case exceeds(trained: Int)
    }

    /// One run before the candidate: its `training.epochs` and, once it ended, the epochs it trained.
    public struct Entry: Sendable, Equatable {
        public var planned: Int
        public var trained: Int?
        public init(planned: Int, trained: Int?) {
            self.planned = planned
            self.trained = trained
        }
    }

    /// The decision for the run after `before`, from the runs before it alone (the rule).
    public static func decide(before: [Entry], planned: Int, limit: Int) -> Decision {
        var known = 0, unknownMost = 0
        for entry in before {
            if let trained = entry.trained { known += trained } else { unknownMost += entry.planned }
        }
        if known + unknownMost + planned <= limit { return .fits }
        if unknownMost > 0 { return .undecided }
        return .exceeds(trained: known)
    }

    /// The decision for the last of `runs` (in proposal order), walking the rule from the first:
    /// a run after one that does not fit is past the end of the search (`.exceeds` at that one,
    /// with `at` its position), and a run after one that may not fit waits with it.
    public static func admission(of runs: [Entry], limit: Int) -> (decision: Decision, at: Int) {
        precondition(!runs.isEmpty)
        var known = 0, unknownMost = 0
        for (position, run) in runs.enumerated() {
            let decision: Decision
            if known + unknownMost + run.planned <= limit {
                decision = .fits
            } else {
                decision = unknownMost > 0 ? .undecided : .exceeds(trained: known)
            }
            if decision != .fits || position == runs.count - 1 { return (decision, position) }
            if let trained = run.trained { known += trained } else { unknownMost += run.planned }
        }
        preconditionFailure("unreachable")
    }

    /// Epochs a run's record says it trained (any status: a stopped run counts what it ran).
    public static func trained(_ record: RunRecord) -> Int { record.epochCount }

    /// Where the budget ended `experiment`'s search given its records: the number of runs in
    /// proposal order that the budget let start, and the epochs they trained; nil when the budget
    /// has not ended it (every proposed run fits, or runs before the cut have not all ended).
    public static func cut(of experiment: Experiment, records: [RunKey: RunRecord]) -> (runs: Int, trained: Int)? {
        guard let limit = experiment.budget?.epochs else { return nil }
        var before: [Entry] = []
        for variant in experiment.variants {
            let planned = variant.config.training.epochs
            switch decide(before: before, planned: planned, limit: limit) {
            case .fits: break
            case .undecided: return nil
            case .exceeds(let trained): return (before.count, trained)
            }
            before.append(Entry(planned: planned, trained: records[RunKey(experiment: variant.experiment, variant: variant.id)].map(trained)))
        }
        return nil
    }
}
