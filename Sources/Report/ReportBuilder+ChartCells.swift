import Charts
import Core
import Foundation
import Notebook
import Records

/// A `chart` cell planned from the stored runs: its chart data built, to be drawn with the other
/// charts of the report (see `ChartJob.renderAll`). Nothing here trains or reads anything but records.
enum ChartCells {
    /// Curves of this many variants at most when an epoch chart has neither colour nor several experiments.
    static let topCurves = 5

    static func job(_ cell: ChartCell, index: Int, notebook: NotebookDocument, records: [RunRecord],
                    renderer: ChartRendering) -> ChartJob {
        let sides = cell.experiments.compactMap { name in notebook.experiments.first { $0.name == name } }
            .map { ExperimentResults(experiment: $0, records: records, rankedBy: cell.y, filter: cell.filter) }
        let path = fileName(cell, index: index)
        guard let first = sides.first else {
            return ChartJob(path: path, caption: caption(cell, sides: sides, note: nil), cost: 1) {
                throw ReportError("no experiment named \(cell.experiments.joined(separator: ", ")) in this notebook")
            }
        }
        let title = cell.title ?? defaultTitle(cell, first: first)
        switch cell.kind {
        case .heatmap:
            let x = xParameter(cell) ?? first.parameterNames.first?.name ?? ""
            let y = cell.color ?? first.parameterNames.first { $0.name != x }?.name ?? ""
            guard sides.count > 1 || cell.facet != nil else {
                guard var chart = ExperimentCharts.heatmap(first, x: (x, first.shortName(x)), y: (y, first.shortName(y))) else {
                    return ChartJob(path: path, caption: caption(cell, sides: sides, note: nil), cost: 2) {
                        throw ReportError("\(first.experiment.name) has no finished runs to place on \(x) and \(y)")
                    }
                }
                chart.title = title
                return ChartJob(path: path, caption: caption(cell, sides: sides, note: nil), cost: 2, kind: "heatmap", chart: chart,
                                draw: renderer.heatmap)
            }
            // Several experiments or a facet: small multiples on one colour scale.
            let panels = HeatmapCellBuilder.panels(cell, sides: sides, x: x, y: y)
            let leftOut = panels.count > HeatmapPanels.maxPanels
                ? "the first \(HeatmapPanels.maxPanels) of \(panels.count) panels are drawn" : nil
            let chart = HeatmapPanels(title: title, panels: panels, metricName: cell.y, higherIsBetter: first.metric.maximize)
            return ChartJob(path: path, caption: caption(cell, sides: sides, note: leftOut), cost: 2 + min(panels.count, 4),
                            kind: "heatmapPanels", chart: chart, draw: renderer.heatmapPanels)
        case .parallel:
            let chart = ExperimentCharts.parallelChart(first, minimumParameters: 1).map { chart in
                var titled = chart
                titled.title = title
                return titled
            }
            // One experiment, no facet: validation refuses the rest (see `CellReader.checkParallel`).
            guard let chart else {
                return ChartJob(path: path, caption: caption(cell, sides: sides, note: nil), cost: 4) {
                    throw ReportError("\(first.experiment.name) has no finished runs with swept parameters")
                }
            }
            return ChartJob(path: path, caption: caption(cell, sides: sides, note: nil), cost: 4, kind: "parallel", chart: chart,
                            draw: renderer.parallel)
        case .line, .scatter, .bar:
            let plot = CellPlotBuilder(cell: cell, sides: sides, title: title).plot
            let leftOut = plot.panels.count > CellPlot.maxPanels
                ? "the first \(CellPlot.maxPanels) of \(plot.panels.count) panels are drawn" : nil
            return ChartJob(path: path, caption: caption(cell, sides: sides, note: leftOut), cost: 2, kind: "cellPlot", chart: plot,
                            draw: renderer.cellPlot)
        }
    }

    /// `charts/cell-4-lr-width-line-val_accuracy-learning_rate.png`: the cell's place and what it draws,
    /// so a re-render overwrites the same file (and files of cells since removed are cleaned away).
    static func fileName(_ cell: ChartCell, index: Int) -> String {
        var parts = cell.experiments + [cell.kind.rawValue, cell.y]
        if case let .parameter(name) = cell.x { parts.append(short(name)) } else { parts.append("epoch") }
        let slug = ExperimentCharts.fileSafe(parts.joined(separator: "-"))
        return "charts/\(cellPrefix)\(index + 1)-\(slug.prefix(80)).png"
    }

    /// Every chart a cell draws starts with this, and no other chart does.
    static let cellPrefix = "cell-"

    static func short(_ parameter: String) -> String { parameter.split(separator: ".").last.map(String.init) ?? parameter }

    static func xParameter(_ cell: ChartCell) -> String? {
        if case let .parameter(name) = cell.x { return name }
        return nil
    }

    static func defaultTitle(_ cell: ChartCell, first: ExperimentResults) -> String {
        let names = cell.experiments.joined(separator: " vs ")
        switch cell.kind {
        case .parallel: return "\(names): \(cell.y) across the swept parameters"
        case .heatmap:
            let x = xParameter(cell).map(first.shortName) ?? "?"
            return "\(names): \(cell.y) by \(x) and \(cell.color.map(first.shortName) ?? "?")"
        case .line, .scatter, .bar:
            let x = xParameter(cell).map(first.shortName) ?? "epoch"
            return "\(names): \(cell.y) vs \(x)"
        }
    }

    /// The author's caption, or one that says what is drawn: which value, over what, how grouped.
    static func caption(_ cell: ChartCell, sides: [ExperimentResults], note: String?) -> String {
        var parts: [String] = []
        if let written = cell.caption?.trimmingTrailingNewlines, !written.isEmpty {
            parts.append(written)
        } else {
            parts.append(defaultCaption(cell, sides: sides))
        }
        if let note { parts.append("(\(note.prefix(1).uppercased() + note.dropFirst()).)") }
        return parts.joined(separator: " ")
    }

    static func defaultCaption(_ cell: ChartCell, sides: [ExperimentResults]) -> String {
        let short: (String) -> String = { name in sides.first?.shortName(name) ?? Self.short(name) }
        let x = xParameter(cell).map(short)
        let colour = cell.color.map(short)
        let metric = cell.y
        var text: String
        switch cell.kind {
        case .heatmap:
            text = "Mean \(metric) for each \(x ?? "?") and \(colour ?? "?"), averaged over seeds and the other parameters"
            if cell.experiments.count > 1 { text += "; one panel per experiment (\(cell.experiments.joined(separator: ", ")))" }
        case .parallel:
            text = "Every variant as one line across its swept parameters and \(metric) (mean over seeds), coloured by \(metric); the best in red"
        case .scatter:
            text = "Final \(metric) of every finished run against \(x ?? "epoch")"
            if let colour { text += ", coloured by \(colour)" }
        case .line where x == nil:
            let which = colour.map { "the best variant for each \($0)" }
                ?? (cell.experiments.count > 1 ? "the best variant of each experiment" : "the \(topCurves) best variants")
            text = "Per-epoch \(metric) of \(which) (mean over seeds, band: min to max)"
        case .line, .bar:
            text = cell.kind == .bar ? "Mean \(metric) over seeds for each \(x ?? "?") (error bar: 95% CI)"
                : "Mean \(metric) over seeds against \(x ?? "?") (band: 95% CI)"
            if let colour { text += ", one \(cell.kind == .bar ? "bar" : "line") per \(colour)" }
            let others = CellPlotBuilder.otherVaried(cell, sides: sides)
            if !others.isEmpty {
                text += "; each point is the best variant over " + others.map(short).joined(separator: ", ")
            }
        }
        if cell.experiments.count > 1 && cell.kind != .heatmap && cell.kind != .parallel {
            text += "; one colour per experiment (\(cell.experiments.joined(separator: ", ")))"
        }
        if let facet = cell.facet, cell.kind != .parallel { text += "; one panel per \(short(facet))" }
        if !cell.filter.isEmpty { text += "; only runs with \(cell.filter.words)" }
        return text + "."
    }
}
