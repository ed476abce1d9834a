import Charts
import Core
import Foundation
import Records
import Testing
@testable import Notebook
@testable import Report

/// Heat-map chart cells with a facet or several experiments: one panel per experiment and facet
/// value, on one colour scale; the values are the means the single heat map would show.
@Suite struct HeatmapPanelTests {
    static func sweep(_ name: String) -> SyntheticSweep {
        SyntheticSweep(name: name, parameters: [
            ("training.learning_rate", [.double(0.01), .double(0.1)], false, false),
            ("model.activation", [.string("relu"), .string("tanh")], false, true),
            ("model.width", [.int(16), .int(32)], false, false),
        ])
    }

    /// 0.5, + 0.1 for lr 0.1, + 0.2 for tanh, + 0.05 for width 32, + `shift`; the same for every seed.
    static func value(_ point: [ConfigValue], shift: Double) -> Double {
        0.5 + (point[0] == .double(0.1) ? 0.1 : 0) + (point[1] == .string("tanh") ? 0.2 : 0)
            + (point[2] == .int(32) ? 0.05 : 0) + shift
    }

    static func notebook(_ cells: [ChartCell]) -> (NotebookDocument, [RunRecord]) {
        let main = sweep("main"), other = sweep("other")
        let records = main.records(points: main.gridPoints) { point, _ in value(point, shift: 0) }
            + other.records(points: other.gridPoints) { point, _ in value(point, shift: 0.03) }
        let document = NotebookDocument(path: "experiments/panels.yaml", stem: "panels", title: "Panels", description: nil,
                                        cells: [.experiment(main.experiment(points: main.gridPoints)),
                                                .experiment(other.experiment(points: other.gridPoints))] + cells.map(Cell.chart),
                                        contentHash: String(repeating: "ab", count: 32))
        return (document, records)
    }

    static func cell(_ experiments: [String], facet: String?) -> ChartCell {
        ChartCell(experiments: experiments, kind: .heatmap, x: .parameter("training.learning_rate"), y: "val_accuracy",
                  color: "model.activation", facet: facet, mark: CellFixture.mark(10))
    }

    /// Every panel chart handed to the renderer, by title.
    static func drawn(_ cells: [ChartCell]) throws -> (panels: [HeatmapPanels], single: [HeatmapChart], markdown: String) {
        let box = PanelBox()
        var charts = ReportFixture.fixedCharts
        charts.heatmapPanels = { chart in
            box.add(chart)
            return ReportFixture.tinyPNG
        }
        charts.heatmap = { chart in
            box.add(chart)
            return ReportFixture.tinyPNG
        }
        let (notebook, records) = notebook(cells)
        let rendered = try ReportWriter.render(notebook: notebook, records: records, context: ReportFixture.context, charts: charts)
        return (box.panels, box.singles.filter { $0.title.contains(" by ") }, rendered.markdown)
    }

    @Test func facetDrawsOnePanelPerValueWithTheMeansOfThatSlice() throws {
        let result = try Self.drawn([Self.cell(["main"], facet: "model.width")])
        let chart = try #require(result.panels.first)
        #expect(chart.panels.map(\.title) == ["width = 16", "width = 32"])
        #expect(chart.higherIsBetter && chart.metricName == "val_accuracy")
        for (panel, width) in zip(chart.panels, [0.0, 0.05]) {
            #expect(panel.xLabels == ["0.01", "0.1"] && panel.yLabels == ["relu", "tanh"])
            // values[row: activation][column: learning rate], each the slice's own mean.
            let expected: [[Double]] = [[0.5, 0.6], [0.7, 0.8]].map { $0.map { $0 + width } }
            for (row, want) in zip(panel.values, expected) {
                #expect(zip(row, want).allSatisfy { abs(($0 ?? .nan) - $1) < 1e-12 }, "\(panel.title): \(row)")
            }
        }
        #expect(result.markdown.contains("one panel per width"))
    }

    @Test func severalExperimentsDrawOnePanelEachAndWithAFacetOnePerPair() throws {
        let result = try Self.drawn([Self.cell(["main", "other"], facet: nil), Self.cell(["main", "other"], facet: "model.width")])
        #expect(result.panels.count == 2)
        let byExperiment = result.panels[0]
        #expect(byExperiment.panels.map(\.title) == ["main", "other"])
        // The whole experiment averaged over width: 0.525 for lr 0.01 and relu; other is 0.03 higher.
        #expect(abs((byExperiment.panels[0].values[0][0] ?? 0) - 0.525) < 1e-12)
        #expect(abs((byExperiment.panels[1].values[0][0] ?? 0) - 0.555) < 1e-12)
        #expect(result.panels[1].panels.map(\.title)
                == ["main \u{00B7} width = 16", "main \u{00B7} width = 32", "other \u{00B7} width = 16", "other \u{00B7} width = 32"])
        #expect(result.markdown.contains("one panel per experiment (main, other)"))
        #expect(!result.markdown.contains("only)"))
    }

    @Test func oneExperimentWithoutFacetIsTheSingleHeatMap() throws {
        let result = try Self.drawn([Self.cell(["main"], facet: nil)])
        #expect(result.panels.isEmpty)
        #expect(result.single.count == 1)
    }

    /// The real chart: decoded, full size, drawn; GRADBOOK_REPORT_PREVIEW=DIR keeps the PNGs to look at.
    @Test func panelsAreDrawn() throws {
        let (notebook, records) = Self.notebook([Self.cell(["main", "other"], facet: "model.width"), Self.cell(["main"], facet: "model.width")])
        let rendered = try ReportWriter.render(notebook: notebook, records: records, context: ReportFixture.context, charts: .live)
        let cells = rendered.charts.filter { $0.path.hasPrefix("charts/cell-") }
        #expect(cells.count == 2)
        for chart in cells {
            let png = try #require(chart.png, "\(chart.path): \(chart.failure ?? "")")
            if let preview = ProcessInfo.processInfo.environment["GRADBOOK_REPORT_PREVIEW"] {
                try Data(png).write(to: URL(fileURLWithPath: "\(preview)/\(URL(fileURLWithPath: chart.path).lastPathComponent)"))
            }
            let image = try decodeRGBA(png)
            #expect(image.width == ChartRenderer.defaultWidth && image.height == ChartRenderer.defaultHeight)
            var coloured = 0
            for pixel in stride(from: 0, to: image.rgba.count, by: 4) {
                let (r, g, b) = (Int(image.rgba[pixel]), Int(image.rgba[pixel + 1]), Int(image.rgba[pixel + 2]))
                if max(r, g, b) - min(r, g, b) > 60 { coloured += 1 }
            }
            #expect(coloured > 50_000, "\(chart.path): the viridis cells are missing")
        }
    }
}

final class PanelBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storedPanels: [HeatmapPanels] = []
    private var storedSingles: [HeatmapChart] = []
    func add(_ chart: HeatmapPanels) { lock.withLock { storedPanels.append(chart) } }
    func add(_ chart: HeatmapChart) { lock.withLock { storedSingles.append(chart) } }
    var panels: [HeatmapPanels] { lock.withLock { storedPanels.sorted { $0.panels.count < $1.panels.count } } }
    var singles: [HeatmapChart] { lock.withLock { storedSingles } }
}
