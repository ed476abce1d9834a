import Charts
import Core
import Foundation
import Records
@testable import Notebook
@testable import Report

/// The report fixture's notebook with `chart` and `compare` cells of every kind, and a second
/// experiment (`wide`) whose runs are the fixture's lr runs 0.02 more accurate.
enum CellFixture {
    static func mark(_ line: Int) -> SourceMark { SourceMark(line: line, column: 5) }
    static let lr = "training.learning_rate", activation = "model.activation"

    static var wideExperiment: Experiment {
        var experiment = ReportFixture.lrExperiment
        experiment.name = "wide"
        experiment.variants = experiment.variants.map { variant in
            var copy = variant
            copy.experiment = "wide"
            copy.id = "w" + variant.id.dropFirst()
            return copy
        }
        return experiment
    }

    static var wideRecords: [RunRecord] {
        ReportFixture.records.filter { $0.experiment == "lr" }.map { record in
            var copy = record
            copy.experiment = "wide"
            copy.variant = "w" + record.variant.dropFirst()
            if let accuracy = copy.finalMetrics["val_accuracy"] { copy.outcome.finalMetrics["val_accuracy"] = accuracy + 0.02 }
            copy.epochs = copy.epochs.map { epoch in
                var shifted = epoch
                shifted.metrics["val_accuracy"] = shifted.metrics["val_accuracy"].map { $0 + 0.02 }
                return shifted
            }
            return copy
        }
    }

    static var records: [RunRecord] { ReportFixture.records + wideRecords }

    static let chartCells: [ChartCell] = [
        ChartCell(experiments: ["lr"], kind: .line, x: .parameter(lr), y: "val_accuracy", color: activation, mark: mark(20)),
        ChartCell(experiments: ["lr"], kind: .scatter, x: .parameter(lr), y: "val_accuracy", color: activation, logX: .log,
                  title: "Every run", mark: mark(21)),
        ChartCell(experiments: ["lr"], kind: .heatmap, x: .parameter(lr), y: "val_accuracy", color: activation, mark: mark(22)),
        ChartCell(experiments: ["lr", "wide"], kind: .bar, x: .parameter(activation), y: "val_accuracy", mark: mark(23)),
        ChartCell(experiments: ["lr"], kind: .parallel, x: .parameter(lr), y: "val_accuracy", mark: mark(24)),
        ChartCell(experiments: ["lr"], kind: .line, x: .epoch, y: "val_loss", color: activation, logY: .log,
                  caption: "Relu's best learns faster.", mark: mark(25)),
        ChartCell(experiments: ["lr"], kind: .line, x: .parameter(lr), y: "val_accuracy", facet: activation,
                  filter: CellFilter(conditions: [.init(parameter: lr, values: [.double(0.01), .int(0)]),
                                                  .init(parameter: lr, values: [.double(0.01), .double(0.1)])]),
                  mark: mark(26)),
        ChartCell(experiments: ["lr"], kind: .line, x: .parameter(lr), y: "val_accuracy", facet: activation,
                  filter: CellFilter(conditions: [.init(parameter: lr, values: [.double(0.01), .double(0.1)])]),
                  mark: mark(26)),
    ]

    static var compareCell: CompareCell {
        CompareCell(sides: [.experiment("lr"), .experiment("wide")], metric: "val_accuracy", mark: mark(30))
    }

    static var notebook: NotebookDocument {
        var cells: [Cell] = [.markdown("## Chosen charts\n"), .experiment(ReportFixture.lrExperiment), .experiment(wideExperiment)]
        cells += chartCells.map(Cell.chart)
        cells.append(.compare(compareCell))
        // After the compare cell, so the cells above keep their places (and chart file names).
        cells.append(.chart(ChartCell(experiments: ["lr", "wide"], kind: .heatmap, x: .parameter(lr), y: "val_accuracy",
                                      color: activation, mark: mark(31))))
        return NotebookDocument(path: "experiments/cells.yaml", stem: "cells", title: "Cells", description: nil,
                                cells: cells, contentHash: String(repeating: "cd", count: 32))
    }

    /// The fixture's fixed charts, and every CellPlot the report hands to its renderer.
    static func capturing() -> (ChartRendering, PlotBox) {
        let box = PlotBox()
        var charts = ReportFixture.fixedCharts
        charts.cellPlot = { plot in
            box.append(plot)
            return ReportFixture.tinyPNG
        }
        return (charts, box)
    }
}

final class PlotBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [CellPlot] = []
    func append(_ plot: CellPlot) { lock.withLock { stored.append(plot) } }
    var plots: [CellPlot] { lock.withLock { stored } }
    func plot(titled title: String) -> CellPlot? { plots.first { $0.title == title } }
}
