import Core
import Foundation

extension ReportBuilder {
    /// Variants compared in the per-class recall table: the best and the next ranked ones.
    static let recallColumns = 4

    /// Recall of each class (mean over each variant's finished runs) for the best-ranked
    /// variants: where class weights or a sweep trade a common class's recall for a rare one's,
    /// it shows here while accuracy barely moves.
    func classRecallTable(_ result: ExperimentResults) -> String? {
        guard let split = ClassRecall.split(in: result.records) else { return nil }
        let classes = ClassRecall.classes(in: result.records, split: split)
        let shown = Array(result.ranked.prefix(Self.recallColumns))
        guard !classes.isEmpty, !shown.isEmpty else { return nil }
        var table = MarkdownTable(headers: ["class"] + shown.enumerated().map { $0.offset == 0 ? "**\($0.element.label)** (best)" : $0.element.label },
                                  alignments: [.left] + shown.map { _ in .right })
        for name in classes {
            table.append([name] + shown.map { group in group.mean(of: "\(split)_recall[\(name)]").map { ReadableNumber.format($0) } ?? "–" })
        }
        let splitName = split == "val" ? "validation" : "test"
        let balanced = "\(split)_balanced_accuracy"
        var text = "Recall per class on the \(splitName) split (mean over each variant's runs)"
        text += shown.count > 1 ? ", best \(shown.count) variants:" : ":"
        text += "\n\n" + table.rendered
        if shown.contains(where: { $0.mean(of: balanced) != nil }) {
            text += "\n\n\(balanced) is the mean of these recalls (scikit-learn's `balanced_accuracy_score`)."
        }
        return text
    }

    /// How the ranking metric's mean was taken: over seeds, or over folds x seeds.
    func aggregationSentence(_ result: ExperimentResults) -> String? {
        let metric = result.metric.name
        let folds = result.experiment.variants.compactMap(\.fold).max() ?? result.groups.map(\.foundFolds).max() ?? 0
        let seeds = result.experiment.seeds.count
        guard folds > 0 || seeds > 1 else { return nil }
        if folds == 0 {
            return "\(metric) is the mean ± standard deviation over the n seeds that finished, with the 95% "
                + "Student t confidence interval of the mean; other metrics are means over seeds."
        }
        let over = "\(folds) folds x \(seeds) \(seeds == 1 ? "seed" : "seeds")"
        return "\(metric) is the mean ± standard deviation over the n runs that finished, with the 95% Student t "
            + "confidence interval of the mean (mean over \(over): "
            + "every fold is the validation split once, the test split stays outside the folds); other metrics are means over the same runs."
    }
}

extension RunGroup {
    /// Folds seen in the records (for notebooks whose plan no longer has them).
    var foundFolds: Int { foldCount }
}
