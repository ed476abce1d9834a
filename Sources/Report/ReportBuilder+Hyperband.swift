import Core
import Foundation
import Notebook
import Records

extension ReportBuilder {
    /// The hyperband bands of an experiment with `early_terminate`: at each band, how many
    /// configurations reached it, how many went on, how many runs it cut, and the cut-off (the
    /// value of the last configuration a cohort kept; one per cohort that cut something).
    func hyperbandSection(_ result: ExperimentResults) -> String? {
        let experiment = result.experiment
        guard let spec = experiment.hyperband else { return nil }
        let epochs = Dictionary(experiment.variants.map { ($0.id, $0.config.training.epochs) }, uniquingKeysWith: { a, _ in a })
        let longest = epochs.values.max() ?? 0
        var configuration: [String: String] = [:]
        for variant in experiment.variants { configuration[variant.id] = RunGroup.key(variant.parameters) }
        var table = MarkdownTable(headers: ["band (epoch)", "configurations", "kept", "runs cut", "cut-off"],
                                  alignments: [.right, .right, .right, .right, .right])
        for band in spec.bands(before: longest) {
            var reached = Set<String>(), cut = Set<String>(), runsCut = 0, cutoffs: [Double] = []
            for record in result.records {
                guard let key = configuration[record.variant], (epochs[record.variant] ?? 0) > band else { continue }
                if record.epochs.count >= band { reached.insert(key) }
                if let termination = record.outcome.termination, termination.band == band {
                    cut.insert(key)
                    runsCut += 1
                    if !cutoffs.contains(termination.cutoff) { cutoffs.append(termination.cutoff) }
                }
            }
            guard !reached.isEmpty else { continue }
            let shown = cutoffs.sorted()
            let cutoff = shown.isEmpty ? "" : shown.count <= 3 ? shown.map { ReadableNumber.format($0) }.joined(separator: ", ")
                : "\(ReadableNumber.format(shown.first!)) to \(ReadableNumber.format(shown.last!))"
            table.append([String(band), String(reached.count), String(reached.count - cut.count), String(runsCut), cutoff])
        }
        guard !table.rows.isEmpty else { return nil }
        let cohort = experiment.growsWithRecords ? "each round of \(experiment.sweep.roundSize)"
            : "cohorts of \(spec.cohort ?? Hyperband.defaultCohort) consecutive configurations"
        let rule = spec.strict ? "\(result.metric.name) at the band's epoch" : "the best \(result.metric.name) up to the band"
        return "Hyperband (eta \(ReadableNumber.format(spec.eta))): at each band, \(cohort) kept the best ceil(n / \(ReadableNumber.format(spec.eta))) configurations by the mean over seeds of \(rule); the others ended as `terminated`.\n\n" + table.rendered
    }
}
