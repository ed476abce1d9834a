import Core
import Notebook
import Records

/// Fills the `{{ experiment.best.metric }}` references of a markdown text (the grammar is
/// `InlineValue` in Notebook) with values from the experiments' ranked results, the same numbers
/// the results tables show. A value that does not exist yet reads `–`, and the text ends with a
/// note saying why.
struct InlineValues {
    var results: [String: ExperimentResults]
    var insights: [String: ExperimentInsight]

    static let missing = "–"

    func fill(_ text: String) -> String {
        let values = InlineValue.scan(text).values
        guard !values.isEmpty else { return text }
        var scalars = Array(text.unicodeScalars)
        var notes: [String] = []
        // Back to front, so the ranges of the earlier references stay valid.
        for value in values.reversed() {
            let (rendered, note) = self.value(value)
            if let note, !notes.contains(note) { notes.insert(note, at: 0) }
            scalars.replaceSubrange(value.range, with: Array(rendered.unicodeScalars))
        }
        var filled = String(String.UnicodeScalarView(scalars))
        if !notes.isEmpty {
            filled = filled.trimmingTrailingNewlines + "\n\n" + notes.map { "> *\(Self.missing): \($0)*" }.joined(separator: "\n>\n")
        }
        return filled
    }

    /// The text of one reference, and a note when it has no value yet.
    func value(_ value: InlineValue) -> (String, String?) {
        guard let result = results[value.experiment] else {
            return (Self.missing, "no experiment '\(value.experiment)' in this report.")
        }
        let name = value.experiment
        switch value.quantity {
        case .runs: return (String(result.records.count), nil)
        case .planned: return (String(result.experiment.variants.count), nil)
        case .diverged: return (String(result.records.filter { $0.status == .diverged }.count), nil)
        case .failed: return (String(result.failures.count), nil)
        default: break
        }
        guard let best = result.best, let stats = best.stats else {
            return (Self.missing, "no run of `\(name)` has finished yet.")
        }
        switch value.quantity {
        case .bestLabel:
            return (best.label, nil)
        case .bestSeeds:
            return (String(stats.n), nil)
        case .bestInterval:
            guard let interval = insights[name]?.intervals[best.key] else {
                return (Self.missing, "the best variant of `\(name)` has a single seed: no interval.")
            }
            return ("[\(Self.number(interval.low, value.format)), \(Self.number(interval.high, value.format))]", nil)
        case .bestMetric(let metric):
            let mean = metric == result.metric.name ? stats.mean : best.mean(of: metric)
            guard let mean else { return (Self.missing, "the best variant of `\(name)` reports no `\(metric)`.") }
            return (Self.number(mean, value.format), nil)
        case .bestParameter(let written):
            guard case .found(let path) = result.experiment.lookUpParameter(written), let swept = best.value(of: path) else {
                return (Self.missing, "`\(written)` is not a swept parameter of `\(name)`.")
            }
            if case .standard = value.format { return (swept.display, nil) }
            guard let number = swept.doubleValue else { return (swept.display, nil) }
            return (Self.number(number, value.format), nil)
        case .runs, .planned, .diverged, .failed:
            return (Self.missing, nil)
        }
    }

    static func number(_ value: Double, _ format: InlineValue.Format) -> String {
        switch format {
        case .standard: return ReadableNumber.format(value)
        case .significant(let digits): return ReadableNumber.format(value, significant: digits)
        case .percent(let digits): return ReadableNumber.format(value * 100, significant: digits) + "%"
        }
    }
}
