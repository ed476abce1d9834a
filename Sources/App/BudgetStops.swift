import Core
import Notebook
import Records
import Search

/// Where budgets ended a notebook's searches, for the report, `missing` and the summary line:
/// the time stops the last `gradbook run` wrote (`search-budget.json`), and the epoch stops,
/// derived from the records (a pure function of the notebook, on any machine or shard).
enum BudgetStops {
    static func resolve(_ document: NotebookDocument, records: [RunRecord], timeStops: [SearchStop]) -> [String: SearchStop] {
        var byKey: [RunKey: RunRecord] = [:]
        for record in records { byKey[RunKey(record)] = record }
        var stops: [String: SearchStop] = [:]
        for stop in timeStops where document.experiments.contains(where: { $0.name == stop.experiment }) { stops[stop.experiment] = stop }
        for experiment in document.experiments where stops[experiment.name] == nil {
            guard let limit = experiment.budget?.epochs, let cut = EpochBudget.cut(of: experiment, records: byKey) else { continue }
            stops[experiment.name] = SearchStop(experiment: experiment.name, reason: .epochs, runs: cut.runs,
                                                budget: "\(limit) epochs", trainedEpochs: cut.trained)
        }
        return stops
    }

    /// The notebook without the proposals a budget did not let start: from a stop's position on,
    /// only variants that have a record stay (an earlier, larger budget may have run them).
    static func trimming(_ document: NotebookDocument, to stops: [String: SearchStop], records: [RunRecord]) -> NotebookDocument {
        guard !stops.isEmpty else { return document }
        let recorded = Set(records.map(RunKey.init))
        var trimmed = document
        for (index, cell) in document.cells.enumerated() {
            guard case .experiment(var experiment) = cell, let stop = stops[experiment.name] else { continue }
            experiment.variants = experiment.variants.enumerated().filter { offset, variant in
                offset < stop.runs || recorded.contains(RunKey(variant))
            }.map(\.element)
            trimmed.cells[index] = .experiment(experiment)
        }
        return trimmed
    }

    /// The notebooks as shards run them: open-ended random searches with an epoch budget get
    /// their fixed plan (`fixingOpenEndedPlans`).
    static func shardable(_ notebooks: [NotebookDocument]) throws(InvalidInput) -> [NotebookDocument] {
        do {
            return try notebooks.map { notebook throws(NotebookErrors) in try notebook.fixingOpenEndedPlans() }
        } catch {
            throw InvalidInput(error.description)
        }
    }
}
