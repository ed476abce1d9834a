import Core
import Notebook
import Records

extension NotebookDocument {
    /// The notebook with each adaptive experiment's `variants` extended to every round that
    /// `records` determine: round 0 (planned at load), then round after round while every run of
    /// the last round has a record (any status), up to and including the first round that still
    /// lacks one. Grid and random experiments are returned as loaded.
    ///
    /// Rounds are a pure function of the records of earlier rounds, so replaying the stored
    /// records gives the proposals the search made before: resume retrains no finished run, and
    /// the Runner, the report and `missing` all read the same plan. `pending` is true when some
    /// adaptive experiment has a proposed run without a record (there is work to do).
    public func replayingRounds(records: [RunRecord]) throws(NotebookErrors) -> (document: NotebookDocument, pending: Bool) {
        let replayed = try replayedRounds(records: records)
        return (replayed.document, replayed.pending)
    }

    /// One round of an adaptive experiment: its variants and the points they were made of, in
    /// proposal order, and the basis it was proposed from (`RoundFiles.basis`).
    public struct ProposedRound: Sendable {
        public var variants: [Variant]
        public var points: [SearchPoint]
        public var basis: String
        /// Its round file as the replay read it (nil: none yet), for `RoundFiles.settle(read:)`.
        public var file: RoundFiles.Round?
    }

    /// `replayingRounds`, with each adaptive experiment's rounds in order (what `RoundFiles`
    /// stores). With `stored`, a round whose file has this replay's basis is the file's points
    /// (`SearchMethod.ask(adopting:)`), not this process's own proposal.
    public func replayedRounds(records: [RunRecord], stored: RoundFiles? = nil) throws(NotebookErrors)
        -> (document: NotebookDocument, pending: Bool, rounds: [String: [ProposedRound]]) {
        var proposals: [String: [ProposedRound]] = [:]
        var byKey: [RunKey: RunRecord] = [:]
        for record in records { byKey[RunKey(record)] = record }
        var document = self
        var pending = false
        for (index, cell) in cells.enumerated() {
            guard case .experiment(var experiment) = cell, experiment.growsWithRecords, experiment.factory != nil else { continue }
            var search = ExperimentSearch(experiment: experiment)
            var variants: [Variant] = []
            let definition = RoundFiles.definition(of: experiment)
            // Records of the rounds before the next one: what it is proposed from.
            var observed: [RunRecord] = []
            rounds: while true {
                let number = proposals[experiment.name]?.count ?? 0
                let basis = RoundFiles.basis(of: observed, metric: experiment.metric.name, search: definition)
                let file = stored?.load(experiment: experiment.name, round: number)
                let adopted = file?.basis == basis ? file?.searchPoints : nil
                switch try search.ask(adopting: adopted) {
                case .done, .wait:
                    break rounds
                case .variants(let round):
                    variants += round
                    var points: [SearchPoint] = []
                    for variant in round {
                        if let point = search.point(of: variant.id), points.last != point { points.append(point) }
                    }
                    proposals[experiment.name, default: []].append(ProposedRound(variants: round, points: points, basis: basis, file: file))
                    let told = round.compactMap { byKey[RunKey(experiment: $0.experiment, variant: $0.id)] }
                    guard told.count == round.count else {
                        pending = true
                        break rounds
                    }
                    for record in told { search.tell(record) }
                    observed += told
                }
            }
            experiment.variants = variants
            document.cells[index] = .experiment(experiment)
        }
        return (document, pending, proposals)
    }

    /// True when some experiment's plan grows with its results (its variants are not all known
    /// when the notebook loads).
    public var hasAdaptiveSearch: Bool { experiments.contains { $0.growsWithRecords } }

    /// True when some experiment cuts runs at hyperband bands (its runs train in stages).
    public var hasHyperband: Bool { experiments.contains { $0.hyperband != nil } }
}
