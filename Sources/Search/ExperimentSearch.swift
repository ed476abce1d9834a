import Core
import Notebook
import Records

/// One experiment's search in terms of variants and run records: what the Runner asks for work.
/// It turns a method's points into variants through the experiment's `VariantFactory` (one per
/// seed) and its finished records back into observations of those points.
public struct ExperimentSearch {
    /// An answer to `ask()` in variants.
    public enum Work: Sendable {
        case variants([Variant])
        case wait
        case done
    }

    public let experiment: Experiment
    /// nil for a grid or random experiment: its method answered while the notebook loaded (so
    /// every variant was validated up front) and `experiment.variants` is that answer.
    private var method: (any SearchMethod)?
    private var planHandedOut = false
    /// The point each proposed variant came from, to route its record back to the method.
    private var points: [String: SearchPoint] = [:]

    /// The search the notebook declares. Grid and random answer their plan, then `.done`; bayes
    /// proposes round after round from the records told.
    public init(experiment: Experiment) {
        self.experiment = experiment
        if experiment.growsWithRecords, experiment.factory != nil {
            do {
                method = try StandardPlanner.method(for: experiment.sweep)
            } catch {
                preconditionFailure("the loader planned experiment '\(experiment.name)', so its method is valid: \(error)")
            }
        }
    }

    /// Drives `method` over the experiment's space (an adaptive method, or your own).
    public init(experiment: Experiment, method: any SearchMethod) {
        precondition(experiment.factory != nil, "experiment '\(experiment.name)' was not loaded from a notebook")
        precondition(method.space == SearchSpace(experiment: experiment), "the method searches another space than experiment '\(experiment.name)'")
        self.experiment = experiment
        self.method = method
    }

    /// The next variants to train, `.wait` (tell the records of pending runs first) or `.done`.
    /// Throws the configuration problems of a proposed point (a drawn value out of a key's
    /// range), positioned in the notebook.
    public mutating func ask() throws(NotebookErrors) -> Work { try ask(adopting: nil) }

    /// `ask()`, a new round of an adaptive method being `stored` (see `SearchMethod.ask(adopting:)`).
    public mutating func ask(adopting stored: [SearchPoint]?) throws(NotebookErrors) -> Work {
        guard var method, let factory = experiment.factory else {
            guard !planHandedOut else { return .done }
            planHandedOut = true
            return .variants(experiment.variants)
        }
        let proposal = stored.map { method.ask(adopting: $0) } ?? method.ask()
        self.method = method
        switch proposal {
        case .wait: return .wait
        case .done: return .done
        case .points(let batch):
            var variants: [Variant] = []
            for point in batch {
                let made = try factory.variants(at: point.values)
                for variant in made { points[variant.id] = point }
                variants += made
            }
            return .variants(variants)
        }
    }

    /// The point a proposed variant came from (nil for grid and random plans and unknown ids).
    public func point(of variantID: String) -> SearchPoint? { points[variantID] }

    /// Tells the method how a proposed variant's run ended; records of other variants are ignored.
    public mutating func tell(_ record: RunRecord) {
        guard var method, record.experiment == experiment.name, let point = points[record.variant] else { return }
        // A terminated run is told its value at the band that cut it: how far it got and how well
        // it did there is what a model-based method learns from it (see `BayesSearch`).
        let termination = record.outcome.status == .terminated ? record.outcome.termination : nil
        let value = record.outcome.status.isRankable ? record.outcome.finalMetrics[experiment.metric.name] : termination?.value
        method.tell(Observation(point: point, seed: record.seed, value: value, status: record.outcome.status,
                                band: termination?.band))
        self.method = method
    }
}

extension NotebookDocument {
    /// Every variant the notebook's searches propose so far, experiment by experiment: for grid
    /// and random the whole plan, for an adaptive search the rounds in `variants`.
    public var proposedVariants: [Variant] {
        var all: [Variant] = []
        for experiment in experiments {
            // An adaptive plan grows with its records: the rounds known so far are its variants
            // (round 0 as loaded, more after `replayingRounds`).
            if experiment.growsWithRecords {
                all += experiment.variants
                continue
            }
            var search = ExperimentSearch(experiment: experiment)
            do {
                while case .variants(let batch) = try search.ask() { all += batch }
            } catch {
                // Only an adaptive method proposes points the loader has not validated.
                preconditionFailure("a planned variant failed validation: \(error)")
            }
        }
        return all
    }
}
