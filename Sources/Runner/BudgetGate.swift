import Core
import Foundation
import Notebook
import Records
import Search

/// Decides, run by run in proposal order, whether a budget lets the next run start. The sweep
/// runner asks before it claims a run (`admit`) and tells it about starts and ends; the search
/// loop keeps one gate across rounds, so earlier rounds' runs count.
///
/// - A time budget (`--budget`, `--until`, top-level `budget: 8h`): a run starts when its
///   predicted seconds (`CostModels`: the experiment's `RunTimeModel`, calibrated on its ended runs, stored ones
///   included) fit in the time left. The first run that does not fit ends the whole notebook's
///   search: no later run starts, runs in flight finish.
/// - An epoch budget (`EpochBudget`): per experiment; the first run that does not fit ends that
///   experiment's search. Until the runs before it have ended (here, in another process or on
///   another shard: their records appear in the store) a run that might not fit waits.
public final class BudgetGate {
    public enum Admission: Sendable, Equatable {
        case start
        /// Not yet: runs before it must end first (start nothing else meanwhile).
        case wait
        /// The budget ended its search: drop it.
        case skip
    }

    private let timeLimit: Double?
    private let timeText: String
    private let clock: () -> Double
    private let startedAt: Double
    /// Reads a record another process may have written (nil: none yet).
    private let lookup: (RunKey) -> RunRecord?
    private var experiments: [String: Experiment] = [:]
    private var positions: [RunKey: Int] = [:]
    private var trained: [RunKey: Int] = [:]
    /// Runs this process will train (their stored records, if any, are old failures).
    private var expected: Set<RunKey> = []
    private var models = CostModels()
    private var calibrated: Set<RunKey> = []
    private var timeUp = false
    public private(set) var stops: [String: SearchStop] = [:]

    /// `timeSeconds` counts from now on `clock` (monotonic seconds; a fake one in tests).
    public init(timeSeconds: Double?, clock: @escaping () -> Double = BudgetGate.monotonicSeconds,
                lookup: @escaping (RunKey) -> RunRecord? = { _ in nil }) {
        timeLimit = timeSeconds
        timeText = timeSeconds.map(SearchBudget.duration) ?? ""
        self.clock = clock
        startedAt = clock()
        self.lookup = lookup
    }

    /// The gate a notebook asks for under `options` (`--budget` / `--until` over the notebook's
    /// own time budget; none under a shard, whose clock would cut each task's share elsewhere);
    /// nil when nothing is budgeted.
    public static func make(notebook: NotebookDocument, options: RunOptions, store: RunRecordStore) -> BudgetGate? {
        let seconds = options.shard == nil ? (options.budgetSeconds ?? notebook.budget?.seconds) : nil
        guard seconds != nil || notebook.experiments.contains(where: { $0.budget?.epochs != nil }) else { return nil }
        return BudgetGate(timeSeconds: seconds, lookup: { store.load(experiment: $0.experiment, variant: $0.variant) })
    }

    public var hasTimeLimit: Bool { timeLimit != nil }

    /// The proposals so far (call again after each round) and the records they already have:
    /// finished ones count as trained and calibrate the cost model; `scheduled` will run now.
    public func plan(_ document: NotebookDocument, records: [RunRecord], scheduled: [ScheduledRun]) {
        var byKey: [RunKey: RunRecord] = [:]
        for record in records where record.status.isFinished { byKey[RunKey(record)] = record }
        expected = Set(scheduled.map { RunKey($0.variant) })
        for experiment in document.experiments {
            experiments[experiment.name] = experiment
            for (index, variant) in experiment.variants.enumerated() {
                let key = RunKey(variant)
                positions[key] = index
                guard !expected.contains(key), let record = byKey[key] else { continue }
                learn(record, variant: variant)
            }
        }
    }

    /// Whether `run` may start now; `busy` is true while some run of this process is in flight.
    public func admit(_ run: ScheduledRun) -> Admission {
        let variant = run.variant, key = RunKey(variant)
        guard let experiment = experiments[variant.experiment], let position = positions[key] else { return .start }
        if timeUp || stops[variant.experiment] != nil { return .skip }
        if let limit = experiment.budget?.epochs {
            // Runs before the cut may have ended on another shard; past it, nobody trains them.
            let runs = experiment.variants[...position].enumerated().map { offset, earlier -> EpochBudget.Entry in
                EpochBudget.Entry(planned: earlier.config.training.epochs, trained: offset == position ? nil : epochsTrained(earlier))
            }
            let (decision, at) = EpochBudget.admission(of: runs, limit: limit)
            switch decision {
            case .fits: break
            case .undecided: return .wait
            case .exceeds(let epochs):
                stops[variant.experiment] = SearchStop(experiment: variant.experiment, reason: .epochs, runs: at,
                                                       budget: "\(limit) epochs", trainedEpochs: epochs)
                return .skip
            }
        }
        if let timeLimit {
            let left = timeLimit - (clock() - startedAt)
            if models.expectedSeconds(experiment: variant.experiment, features: variant.costTerms) > left {
                timeUp = true
                stops[variant.experiment] = SearchStop(experiment: variant.experiment, reason: .time, runs: position, budget: timeText)
                return .skip
            }
        }
        return .start
    }

    /// A skipped run of an experiment the time budget ended after another's: its stop says how
    /// far it got (`admit` records the first experiment only).
    public func skipped(_ run: ScheduledRun) {
        let name = run.variant.experiment
        guard timeUp, stops[name] == nil, let position = positions[RunKey(run.variant)] else { return }
        stops[name] = SearchStop(experiment: name, reason: .time, runs: position, budget: timeText)
    }

    /// A run of this process ended with `record`.
    public func ended(_ record: RunRecord, variant: Variant) {
        expected.remove(RunKey(variant))
        learn(record, variant: variant)
    }

    /// Another process trained `variant` (its claim said so): its record is read from the store.
    public func endedElsewhere(_ variant: Variant) { expected.remove(RunKey(variant)) }

    /// True when a budget ended `experiment`'s search (none of its later runs may start).
    public func isClosed(_ experiment: String) -> Bool { timeUp || stops[experiment] != nil }

    /// The stops a time budget caused, for `search-budget.json`.
    public var timeStops: [SearchStop] { stops.values.filter { $0.reason == .time }.sorted { $0.experiment < $1.experiment } }

    private func learn(_ record: RunRecord, variant: Variant) {
        let key = RunKey(variant)
        trained[key] = EpochBudget.trained(record)
        // Every ended run calibrates at the share of epochs it trained (an early-stopped one too).
        if record.status.isFinished, calibrated.insert(key).inserted {
            models.observe(experiment: variant.experiment, features: variant.costTerms,
                           fraction: CostModels.trainedFraction(record, planned: variant.config.training.epochs), seconds: record.seconds)
        }
    }

    /// Epochs a run before the candidate trained: known when it ended here or was stored before;
    /// a run this process does not train may have ended elsewhere (its record is in the store).
    private func epochsTrained(_ variant: Variant) -> Int? {
        let key = RunKey(variant)
        if let known = trained[key] { return known }
        guard !expected.contains(key), let record = lookup(key) else { return nil }
        trained[key] = EpochBudget.trained(record)
        return trained[key]
    }

    public static func monotonicSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }
}
