import Core
import Notebook

extension NotebookDocument {
    /// The notebook as shards see it: a random search without a `count` but with an epoch
    /// budget gets a fixed plan, its first `budget.epochs` draws (every run trains at least one
    /// epoch, so the budget can never let more start). Draws are sequential and prefix-stable, so
    /// these are the points the unsharded search proposes round by round, with the same ids; the
    /// budget then admits the same prefix of them on every shard (`EpochBudget`).
    public func fixingOpenEndedPlans() throws(NotebookErrors) -> NotebookDocument {
        var document = self
        for (index, cell) in cells.enumerated() {
            guard case .experiment(var experiment) = cell, experiment.method == .random, experiment.growsWithRecords,
                  let limit = experiment.budget?.epochs, let factory = experiment.factory else { continue }
            var draws = RandomDraws(space: SearchSpace(experiment: experiment), seed: experiment.sweep.seed)
            let wanted = min(limit, SweepRequest.maximumPoints)
            draws.draw(upTo: draws.size.map { min($0, wanted) } ?? wanted)
            var variants: [Variant] = []
            for point in draws.points { variants += try factory.variants(at: point.values) }
            experiment.variants = variants
            experiment.sweep.count = draws.points.count
            document.cells[index] = .experiment(experiment)
        }
        return document
    }
}
