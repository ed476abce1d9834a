import Charts
import Core
import Foundation
import Notebook
import Records

/// A `compare` cell: the best variant of each side (an experiment of this notebook or a baseline's
/// results.json), the difference from the first side with its Welch interval, and one chart of all
/// sides on shared axes.
enum CompareCells {
    /// The best variant of one side by the compared metric.
    struct Side {
        var name: String
        var bestLabel: String?
        var stats: MetricStats?
        /// The 95% interval of the mean over seeds.
        var interval: (low: Double, high: Double)?
        /// Final values of the best variant's seeds (a baseline's summary has none).
        var values: [Double] = []
        /// The best variant's runs, for learning curves (none for a baseline).
        var records: [RunRecord] = []
        var isBaseline = false
        /// Why this side has no value.
        var note: String?
    }

    static func plan(_ cell: CompareCell, index: Int, notebook: NotebookDocument, records: [RunRecord],
                     renderer: ChartRendering, baseline: (String) throws -> BaselineResults) -> (markdown: String, job: ChartJob) {
        let metricName = cell.metric ?? firstMetric(cell, notebook: notebook, baseline: baseline) ?? "val_loss"
        let metric = notebook.experiments.first { $0.metric.name == metricName }?.metric ?? .named(metricName)
        let sides = cell.sides.map { side(for: $0, metric: metric, notebook: notebook, records: records, baseline: baseline) }
        let title = cell.title ?? "Comparison: " + sides.map(\.name).joined(separator: " vs ")
        var text = "#### \(title)\n\n" + table(sides, metric: metric)
        let sentences = differenceSentences(sides, metric: metric)
        if !sentences.isEmpty { text += "\n\n" + sentences.joined(separator: " ") }
        let notes = sides.compactMap { side in side.note.map { "`\(side.name)`: \($0)." } }
        if !notes.isEmpty { text += "\n\n" + notes.joined(separator: " ") }
        let path = "charts/\(ChartCells.cellPrefix)\(index + 1)-compare-" + String(ExperimentCharts.fileSafe(sides.map(\.name).joined(separator: "-")).prefix(60)) + ".png"
        let (plot, defaultCaption) = chart(sides, metric: metric, title: title)
        let caption = cell.caption?.trimmingTrailingNewlines.nilIfEmpty ?? defaultCaption
        return (text, ChartJob(path: path, caption: caption, cost: 2, kind: "cellPlot", chart: plot, draw: renderer.cellPlot))
    }

    static func firstMetric(_ cell: CompareCell, notebook: NotebookDocument, baseline: (String) throws -> BaselineResults) -> String? {
        switch cell.sides.first {
        case let .experiment(name)?: return notebook.experiments.first { $0.name == name }?.metric.name
        case let .baseline(path, experiment)?: return (try? baseline(path))?.experiment(named: experiment)?.metric.name
        case nil: return nil
        }
    }

    static func side(for side: CompareCell.Side, metric: RunConfig.Metric, notebook: NotebookDocument, records: [RunRecord],
                     baseline: (String) throws -> BaselineResults) -> Side {
        switch side {
        case let .experiment(name):
            guard let experiment = notebook.experiments.first(where: { $0.name == name }) else {
                return Side(name: name, note: "no such experiment in this notebook")
            }
            let results = ExperimentResults(experiment: experiment, records: records, rankedBy: metric.name, filter: CellFilter())
            guard let best = results.best, let stats = best.stats else {
                return Side(name: name, note: "no finished run reports \(metric.name) yet")
            }
            let values = best.records.filter(\.status.counts).compactMap { $0.finalMetrics[metric.name] }.filter(\.isFinite)
            return Side(name: name, bestLabel: best.label, stats: stats,
                        interval: SeedInterval.ci95(mean: stats.mean, std: stats.std, n: stats.n), values: values, records: best.records)
        case let .baseline(path, experimentName):
            let name = "baseline " + (experimentName.map { "\($0) (\(path))" } ?? path)
            let file: BaselineResults
            do { file = try baseline(path) } catch { return Side(name: name, isBaseline: true, note: "\(error)") }
            guard let entry = file.experiment(named: experimentName) else {
                let names = file.experiments.map(\.name).joined(separator: ", ")
                return Side(name: name, isBaseline: true, note: "\(path) has no experiment \(experimentName ?? "") (it has \(names))")
            }
            guard entry.metric.name == metric.name else {
                return Side(name: name, isBaseline: true,
                            note: "its results rank by \(entry.metric.name), not \(metric.name), and keep no other metric per variant")
            }
            guard let best = entry.best ?? entry.variants.first, let mean = best.metricMean else {
                return Side(name: name, isBaseline: true, note: "no finished run in \(path)")
            }
            let stats = MetricStats(mean: mean, std: best.metricStd, n: best.n)
            let interval = best.ci95.flatMap { $0.count == 2 ? (low: $0[0], high: $0[1]) : nil }
                ?? SeedInterval.ci95(mean: mean, std: best.metricStd, n: best.n)
            return Side(name: name, bestLabel: best.label, stats: stats, interval: interval, isBaseline: true)
        }
    }

    /// Welch's test of `side` against `reference` from their means, spreads and counts.
    static func test(_ side: Side, against reference: Side) -> WelchTest? {
        guard let a = side.stats, let b = reference.stats, let sa = a.std, let sb = b.std else { return nil }
        return WelchTest(meanA: a.mean, varianceA: sa * sa, countA: a.n, meanB: b.mean, varianceB: sb * sb, countB: b.n)
    }

    static func table(_ sides: [Side], metric: RunConfig.Metric) -> String {
        let goal = metric.maximize ? "↑" : "↓"
        var table = MarkdownTable(headers: ["side", "best variant", "\(metric.name) \(goal)", "n", "95% CI",
                                            "difference from first", "95% CI of difference", "Welch test"],
                                  alignments: [.left, .left, .right, .right, .right, .right, .right, .left])
        let reference = sides.first
        for (index, side) in sides.enumerated() {
            guard let stats = side.stats else {
                table.append(["`\(side.name)`", "–", "–", "0", "–", "–", "–", "–"])
                continue
            }
            var row = ["`\(side.name)`", side.bestLabel ?? "–", ReadableNumber.meanStd(stats.mean, stats.std), String(stats.n),
                       side.interval.map(ReportBuilder.interval) ?? "–"]
            if index == 0 {
                row += ["–", "–", "–"]
            } else if let reference, let other = reference.stats {
                let difference = stats.mean - other.mean
                let test = test(side, against: reference)
                row.append(signed(difference))
                row.append(test?.ci95.map { "[\(signed($0.low)), \(signed($0.high))]" } ?? "–")
                row.append(test.map(words) ?? "single seed: no test")
            } else {
                row += ["–", "–", "–"]
            }
            table.append(row)
        }
        return table.rendered
    }

    static func signed(_ value: Double) -> String {
        (value > 0 ? "+" : "") + ReadableNumber.format(value, significant: 3)
    }

    static func words(_ test: WelchTest) -> String {
        guard !test.pValue.isNaN else { return "identical on every seed" }
        return (test.pValue < WelchTest.alpha ? "distinct, " : "indistinguishable, ") + ExperimentInsight.pText(test.pValue)
    }

    /// "`b` is better than `a` by 0.012 (95% CI ...)" for every side after the first.
    static func differenceSentences(_ sides: [Side], metric: RunConfig.Metric) -> [String] {
        guard let reference = sides.first, let other = reference.stats else { return [] }
        return sides.dropFirst().compactMap { side in
            guard let stats = side.stats else { return nil }
            let difference = stats.mean - other.mean
            guard difference != 0 else { return "`\(side.name)` and `\(reference.name)` have the same mean \(metric.name)." }
            let better = (difference > 0) == metric.maximize
            var sentence = "`\(side.name)` is \(better ? "better" : "worse") than `\(reference.name)` by "
                + ReadableNumber.format(abs(difference), significant: 3) + " \(metric.name)"
            if let test = test(side, against: reference), let interval = test.ci95 {
                let certain = interval.low > 0 || interval.high < 0
                sentence += " (95% CI of the difference \(signed(interval.low)) to \(signed(interval.high))"
                    + (certain ? ", which excludes zero)." : ": it could be either way with these seeds).")
            } else {
                sentence += " (a single seed on one side: no interval)."
            }
            return sentence
        }
    }

    /// Learning curves of each side's best variant when every side has its runs here; otherwise
    /// each side's mean with its interval (and single runs where stored).
    static func chart(_ sides: [Side], metric: RunConfig.Metric, title: String) -> (CellPlot, String) {
        let curves = sides.map { side -> CellPlot.Series in
            let curve = SeedCurve(side.records, metric: metric.name)
            let seeds = side.records.count > 1
            return CellPlot.Series(label: side.name, points: curve.mean.indices.map { index in
                CellPlot.Point(x: .number(Double(index + 1)), y: curve.mean[index],
                               low: seeds ? curve.min[index] : nil, high: seeds ? curve.max[index] : nil)
            })
        }
        if !sides.contains(where: { $0.isBaseline }), curves.allSatisfy({ !$0.points.isEmpty }) {
            let plot = CellPlot(title: title, style: .line, xAxis: .epoch, xName: "epoch", yName: metric.name,
                                legendTitle: "best variant of", intervalName: "min\u{2013}max over seeds",
                                panels: [CellPlot.Panel(series: curves)])
            return (plot, "Per-epoch \(metric.name) of the best variant of each side (mean over seeds, band: min to max), on shared axes.")
        }
        let series = sides.map { side -> CellPlot.Series in
            guard let stats = side.stats else { return CellPlot.Series(label: side.name, points: []) }
            let x = AxisValue.category(side.name)
            return CellPlot.Series(label: side.name,
                                   points: [CellPlot.Point(x: x, y: stats.mean, low: side.interval?.low, high: side.interval?.high)],
                                   runs: side.values.map { CellPlot.Point(x: x, y: $0) })
        }
        let plot = CellPlot(title: title, style: .interval, xAxis: .categorical(sides.map(\.name)), xName: "best variant of",
                            yName: metric.name, legendTitle: nil, intervalName: "95% CI over seeds",
                            panels: [CellPlot.Panel(series: series)])
        return (plot, "Mean \(metric.name) over seeds of the best variant of each side (error bar: 95% CI; dots: single runs, where this notebook has them).")
    }
}

extension MetricStats {
    /// From a stored summary (a baseline's results.json keeps no seed values).
    init(mean: Double, std: Double?, n: Int) {
        self.mean = mean
        self.std = std
        self.n = n
        best = mean
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
