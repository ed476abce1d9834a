import Core
import Notebook
import Records

/// Hyperband's decisions for one experiment, as a pure function of what its runs have reached:
/// the plan's configurations fall into fixed cohorts (consecutive configurations of the plan;
/// for a search that proposes rounds, its rounds), and at each band a cohort keeps its best
/// ceil(n / eta) configurations by the mean over seeds of the metric at the band's epoch (ties to
/// the smaller label, then id). Nothing depends on which run got there first, so the same curves
/// give the same cuts on any `--jobs`, after a kill, or in the report.
public struct HyperbandSchedule {
    /// What one run is known to have reached.
    public enum Known: Sendable {
        /// Not started (or nothing kept of it).
        case fresh
        /// Waits at `band` in its checkpoint with these curves.
        case atBand(Int, [EpochRecord])
        /// Has a record (any status this invocation counts) with these curves.
        case ended(RunStatus, [EpochRecord])
    }

    /// What the runner should do with a run next.
    public enum Action: Sendable, Equatable {
        /// Train (from its checkpoint, if any) and pause after this epoch; nil: to the end.
        case train(pauseAfter: Int?)
        /// Stay at its band until the rest of its cohort reaches it.
        case wait
        /// Its cohort cut it at a band: write a `terminated` record with these curves.
        case terminate(Termination, epochs: [EpochRecord])
    }

    public let spec: Hyperband
    public let metric: RunConfig.Metric
    public let cohortSize: Int

    public init(spec: Hyperband, metric: RunConfig.Metric, cohortSize: Int) {
        self.spec = spec
        self.metric = metric
        self.cohortSize = max(1, cohortSize)
    }

    /// The schedule an experiment declares: cohorts of `early_terminate.cohort` configurations for
    /// a fixed plan, of `round_size` for a search that proposes rounds.
    public init?(experiment: Experiment) {
        guard let spec = experiment.hyperband else { return nil }
        let size = experiment.growsWithRecords ? experiment.sweep.roundSize : (spec.cohort ?? Hyperband.defaultCohort)
        self.init(spec: spec, metric: experiment.metric, cohortSize: size)
    }

    /// The variants grouped by configuration (their seeds and folds together), in plan order.
    public static func configurations(_ variants: [Variant]) -> [[Variant]] {
        var order: [[SweptValue]] = []
        var groups: [[SweptValue]: [Variant]] = [:]
        for variant in variants {
            if groups[variant.parameters] == nil { order.append(variant.parameters) }
            groups[variant.parameters, default: []].append(variant)
        }
        return order.map { groups[$0]! }
    }

    /// The next action of every run of `variants` (by variant id) that has one; runs without an
    /// entry are done.
    public func actions(for variants: [Variant], known: (Variant) -> Known) -> [String: Action] {
        var actions: [String: Action] = [:]
        let configurations = Self.configurations(variants)
        var start = 0
        while start < configurations.count {
            let cohort = Array(configurations[start..<min(start + cohortSize, configurations.count)])
            decide(cohort, known: known, into: &actions)
            start += cohortSize
        }
        return actions
    }

    private func decide(_ cohort: [[Variant]], known: (Variant) -> Known, into actions: inout [String: Action]) {
        var alive = cohort
        let longest = cohort.flatMap { $0 }.map(\.config.training.epochs).max() ?? 0
        for band in spec.bands(before: longest) {
            // Configurations with a run that goes past this band and has not ended before it.
            let candidates = alive.filter { configuration in
                configuration.contains { passes(band, $0, known($0)) }
            }
            guard !candidates.isEmpty else { continue }
            var pending = false
            var waiting: [String] = []
            for variant in candidates.flatMap({ $0 }) where passes(band, variant, known(variant)) {
                switch known(variant) {
                case .fresh:
                    actions[variant.id] = .train(pauseAfter: band)
                    pending = true
                case .atBand(_, let curve) where curve.count < band:
                    actions[variant.id] = .train(pauseAfter: band)
                    pending = true
                case .atBand:
                    waiting.append(variant.id)
                case .ended:
                    break
                }
            }
            if pending {
                for id in waiting { actions[id] = .wait }
                return
            }
            let ranked = candidates.map { configuration in
                (configuration: configuration, score: score(configuration, at: band, known: known),
                 label: Self.labelWithoutSeed(configuration[0].label), id: configuration.map(\.id).min()!)
            }.sorted { a, b in
                if a.score != b.score { return a.score < b.score }
                return (a.label, a.id) < (b.label, b.id)
            }
            let keep = Int((Double(ranked.count) / spec.eta).rounded(.up))
            let cutoff = shown(ranked[keep - 1].score)
            for loser in ranked[keep...] {
                let termination = Termination(band: band, value: shown(loser.score), cutoff: cutoff, kept: keep,
                                              configurations: ranked.count)
                for variant in loser.configuration {
                    switch known(variant) {
                    case .atBand(_, let curve):
                        actions[variant.id] = .terminate(termination, epochs: Array(curve.prefix(band)))
                    case .fresh, .ended:
                        break
                    }
                }
            }
            let losers = Set(ranked[keep...].map(\.id))
            alive = alive.filter { !losers.contains($0.map(\.id).min()!) }
        }
        for variant in alive.flatMap({ $0 }) {
            switch known(variant) {
            case .fresh, .atBand: actions[variant.id] = .train(pauseAfter: nil)
            case .ended: break
            }
        }
    }

    /// True when `variant` trains past `band` and has not ended before reaching it.
    private func passes(_ band: Int, _ variant: Variant, _ state: Known) -> Bool {
        guard variant.config.training.epochs > band else { return false }
        if case .ended(_, let curve) = state { return curve.count >= band }
        return true
    }

    /// The configuration's mean over its runs at `band`, oriented so that smaller is better; a
    /// run without a finite value there (diverged, failed, no metric) counts as +infinity.
    func score(_ configuration: [Variant], at band: Int, known: (Variant) -> Known) -> Double {
        var total = 0.0
        for variant in configuration {
            let (status, curve): (RunStatus?, [EpochRecord])
            switch known(variant) {
            case .fresh: (status, curve) = (nil, [])
            case .atBand(_, let epochs): (status, curve) = (nil, epochs)
            case .ended(let ended, let epochs): (status, curve) = (ended, epochs)
            }
            if status == .diverged || status == .failed || status == .timed_out { return .infinity }
            let reached = curve.prefix(band)
            let values = (spec.strict ? Array(reached.suffix(1)) : Array(reached)).map { entry -> Double in
                guard let value = entry.metrics[metric.name], value.isFinite else { return .infinity }
                return metric.goal == .maximize ? -value : value
            }
            guard let best = values.min() else { return .infinity }
            total += best
        }
        return total / Double(configuration.count)
    }

    /// A score in the metric's own direction.
    private func shown(_ score: Double) -> Double {
        metric.goal == .maximize ? -score : score
    }

    static func labelWithoutSeed(_ label: String) -> String {
        label.split(separator: " ").filter { !$0.hasPrefix("seed=") && !$0.hasPrefix("fold=") }.joined(separator: " ")
    }
}
