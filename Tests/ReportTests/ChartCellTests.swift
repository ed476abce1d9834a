import CPNG
import Charts
import Core
import Foundation
import Records
import Testing
@testable import Notebook
@testable import Report

/// `chart` and `compare` cells: the data each kind draws (from hand-made records), the golden
/// Markdown, the Jupyter notebook, and the real PNGs read back.
@Suite struct ChartCellTests {
    func render(_ notebook: NotebookDocument = CellFixture.notebook, charts: ChartRendering) throws -> ReportWriter.Rendered {
        try ReportWriter.render(notebook: notebook, records: CellFixture.records, context: ReportFixture.context, charts: charts)
    }

    @Test func goldenMarkdownOfEveryKind() throws {
        let rendered = try render(charts: CellFixture.capturing().0)
        try GoldenReportTests().check(rendered.markdown, golden: "cells.md")
        try GoldenReportTests().check(rendered.notebook, golden: "cells.ipynb")
    }

    @Test func lineCellIsMeanOverSeedsWithIntervalPerColour() throws {
        let (charts, box) = CellFixture.capturing()
        _ = try render(charts: charts)
        let plot = try #require(box.plot(titled: "lr: val_accuracy vs learning_rate"))
        #expect(plot.style == .line && plot.xAxis == .numeric(log: false) && plot.legendTitle == "activation")
        let series = try #require(plot.panels.first?.series)
        #expect(series.map(\.label) == ["relu", "sigmoid"])
        // relu: lr 0.01 has one finished seed (0.82); lr 0.1 two (0.91, 0.92); lr 0.3 diverged, so no point.
        let relu = series[0].points
        #expect(relu.map(\.x) == [.number(0.01), .number(0.1)])
        #expect(abs(relu[0].y - 0.82) < 1e-12 && relu[0].low == nil)
        #expect(abs(relu[1].y - 0.915) < 1e-12)
        // 95% t interval with one degree of freedom: 0.915 ± 12.706 · 0.00707 / √2.
        #expect(abs((relu[1].high ?? 0) - 0.97853) < 1e-4 && abs((relu[1].low ?? 0) - 0.85147) < 1e-4)
        #expect(series[0].runs.count == 3)
        #expect(series[1].points.map(\.y).map { ($0 * 1000).rounded() } == [720, 810])
    }

    @Test func scatterBarEpochAndFacetData() throws {
        let (charts, box) = CellFixture.capturing()
        _ = try render(charts: charts)
        let scatter = try #require(box.plot(titled: "Every run"))
        #expect(scatter.style == .scatter && scatter.xAxis == .numeric(log: true))
        #expect(scatter.panels[0].series.flatMap(\.points).count == 5)  // finished runs of lr (ok or early stopped)

        let bar = try #require(box.plot(titled: "lr vs wide: val_accuracy vs activation"))
        #expect(bar.style == .bar && bar.xAxis == .categorical(["relu", "sigmoid"]) && bar.legendTitle == "experiment")
        let sides = bar.panels[0].series
        #expect(sides.map(\.label) == ["lr", "wide"])
        // Each bar: the best variant of that activation; wide is 0.02 above lr everywhere.
        #expect(zip(sides[0].points, sides[1].points).allSatisfy { abs($1.y - $0.y - 0.02) < 1e-12 })

        let curves = try #require(box.plot(titled: "lr: val_loss vs epoch"))
        #expect(curves.xAxis == .epoch && curves.logY == true && curves.intervalName == "min\u{2013}max over seeds")
        #expect(curves.panels[0].series.map(\.label) == ["relu", "sigmoid"])
        #expect(curves.panels[0].series[0].points.count == 3)

        // Facet: one panel per activation. Both conditions must hold (lr 0.01 only, and 0 matches nothing),
        // then a filter of two values: lr 0.01 and 0.1 (0.3 diverged anyway).
        let facets = box.plots.filter { $0.panels.count == 2 }
        #expect(facets.count == 2)
        #expect(facets[0].panels.map(\.title) == ["activation = relu", "activation = sigmoid"])
        #expect(facets[0].panels.allSatisfy { $0.series.allSatisfy { $0.points.map(\.x) == [.number(0.01)] } })
        #expect(facets[1].panels.allSatisfy { $0.series.allSatisfy { $0.points.map(\.x) == [.number(0.01), .number(0.1)] } })
    }

    @Test func compareCellTableHasDifferenceWithWelchInterval() throws {
        let rendered = try render(charts: CellFixture.capturing().0)
        let markdown = rendered.markdown
        #expect(markdown.contains("#### Comparison: lr vs wide"))
        // Best of each: lr=0.1 act=relu, 0.915 and 0.935 over two seeds; difference +0.02, Welch df 2:
        // ± 4.303 · 0.00707 = ± 0.0304.
        let row = try #require(markdown.components(separatedBy: "\n").first { $0.hasPrefix("| `wide`") })
        #expect(row.contains("+0.02"))
        #expect(row.contains("[-0.0104, +0.0504]"))
        #expect(markdown.contains("`wide` is better than `lr` by 0.02 val_accuracy"))
        #expect(rendered.charts.contains { $0.path == "charts/cell-12-compare-lr-wide.png" })
    }

    @Test func compareWithBaselineResultsByPath() throws {
        let root = try ReportFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // The baseline notebook's report (its results.json), written as `gradbook run` would.
        try ReportWriter.write(notebook: ReportFixture.notebook, records: ReportFixture.records, directory: "\(root)/reports/lr-study",
                               context: ReportFixture.context, charts: ReportFixture.fixedCharts)
        let cell = CompareCell(sides: [.baseline(resultsPath: "../reports/lr-study/results.json", experiment: "lr"), .experiment("wide")],
                               mark: CellFixture.mark(40))
        let missing = CompareCell(sides: [.experiment("wide"), .baseline(resultsPath: "nowhere/results.json", experiment: nil)],
                                  mark: CellFixture.mark(41))
        let notebook = NotebookDocument(path: "\(root)/experiments/new.yaml", stem: "new", title: "New", description: nil,
                                        cells: [.experiment(CellFixture.wideExperiment), .compare(cell), .compare(missing)],
                                        contentHash: String(repeating: "ef", count: 32))
        let (charts, box) = CellFixture.capturing()
        let markdown = try render(notebook, charts: charts).markdown
        let row = try #require(markdown.components(separatedBy: "\n").first { $0.hasPrefix("| `wide`") })
        #expect(row.contains("+0.02") && row.contains("[-0.0104, +0.0504]"), "\(row)")
        #expect(markdown.contains("| `baseline lr (../reports/lr-study/results.json)` | lr=0.1 act=relu | 0.915"))
        #expect(markdown.contains("cannot read"))
        // With a baseline, the chart is each side's mean and interval (the baseline keeps no curves).
        let plot = try #require(box.plots.first { $0.style == .interval })
        #expect(plot.panels[0].series.map { $0.points.first?.y }.compactMap { $0 }.map { ($0 * 1000).rounded() } == [915, 935])
    }

    @Test func cellChartsHaveStableNamesAndStaleOnesAreRemoved() throws {
        let directory = try ReportFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let charts = CellFixture.capturing().0
        try ReportWriter.write(notebook: CellFixture.notebook, records: CellFixture.records, directory: directory,
                               context: ReportFixture.context, charts: charts)
        let first = try FileManager.default.contentsOfDirectory(atPath: "\(directory)/charts").filter { $0.hasPrefix("cell-") }.sorted()
        #expect(first.count == 10)
        #expect(first.contains("cell-4-lr-line-val_accuracy-learning_rate.png"))
        // The same notebook again: the same files, replaced.
        try ReportWriter.write(notebook: CellFixture.notebook, records: CellFixture.records, directory: directory,
                               context: ReportFixture.context, charts: charts)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(directory)/charts").filter { $0.hasPrefix("cell-") }.sorted() == first)
        // The author changes the first chart's y: its old file goes, the new one comes.
        var notebook = CellFixture.notebook
        if case var .chart(cell) = notebook.cells[3] { cell.y = "val_loss"; notebook.cells[3] = .chart(cell) }
        try ReportWriter.write(notebook: notebook, records: CellFixture.records, directory: directory,
                               context: ReportFixture.context, charts: charts)
        let after = try FileManager.default.contentsOfDirectory(atPath: "\(directory)/charts").filter { $0.hasPrefix("cell-") }
        #expect(after.count == 10)
        #expect(after.contains("cell-4-lr-line-val_loss-learning_rate.png"))
        #expect(!after.contains("cell-4-lr-line-val_accuracy-learning_rate.png"))
        #expect(FileManager.default.fileExists(atPath: "\(directory)/charts/lr-loss.png"))
    }

    @Test func realPNGsOfEveryKindDecodeAndAreDrawn() throws {
        let rendered = try render(charts: .live)
        let cellCharts = rendered.charts.filter { $0.path.hasPrefix("charts/cell-") }
        #expect(cellCharts.count == 10)
        if let preview = ProcessInfo.processInfo.environment["GRADBOOK_REPORT_PREVIEW"] {
            try ReportWriter.write(notebook: CellFixture.notebook, records: CellFixture.records, directory: preview,
                                   context: ReportFixture.context, charts: .live)
        }
        for chart in cellCharts {
            let png = try #require(chart.png, "\(chart.path): \(chart.failure ?? "")")
            let image = try decodeRGBA(png)
            #expect(image.width == ChartRenderer.defaultWidth && image.height == ChartRenderer.defaultHeight, "\(chart.path)")
            // Drawn, not blank: a good share of pixels is not white, and some carry a palette or viridis colour.
            var inked = 0, coloured = 0
            for pixel in stride(from: 0, to: image.rgba.count, by: 4) {
                let (r, g, b) = (Int(image.rgba[pixel]), Int(image.rgba[pixel + 1]), Int(image.rgba[pixel + 2]))
                if r < 240 || g < 240 || b < 240 { inked += 1 }
                if max(r, g, b) - min(r, g, b) > 60 { coloured += 1 }
            }
            let total = image.width * image.height
            #expect(inked > total / 200, "\(chart.path) is nearly blank")
            #expect(coloured > 200, "\(chart.path) has no coloured marks")
        }
    }

    @Test func cellChartBytesDoNotDependOnDrawingThreads() throws {
        var context = ReportFixture.context
        context.chartThreads = 1
        let one = try ReportWriter.render(notebook: CellFixture.notebook, records: CellFixture.records, context: context, charts: .live)
        context.chartThreads = 2
        let two = try ReportWriter.render(notebook: CellFixture.notebook, records: CellFixture.records, context: context, charts: .live)
        let cells = { (rendered: ReportWriter.Rendered) in rendered.charts.filter { $0.path.hasPrefix("charts/cell-") }.map { [$0.path: $0.png ?? []] } }
        #expect(cells(one) == cells(two))
        #expect(one.markdown == two.markdown)
    }

    @Test func jupyterNotebookWithCellsIsValid() throws {
        let rendered = try render(charts: CellFixture.capturing().0)
        let data = Data(rendered.notebook.utf8)
        let notebook = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cells = try #require(notebook["cells"] as? [[String: Any]])
        let sources = cells.map { (($0["source"] as? [String]) ?? []).joined() }
        #expect(sources.contains { $0.contains("#### Comparison: lr vs wide") })
        #expect(sources.contains { $0.contains("Relu's best learns faster.") })
        guard let python = try NbformatPython.interpreter() else { return }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cells-\(UUID().uuidString).ipynb").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try rendered.notebook.write(toFile: file, atomically: true, encoding: .utf8)
        let check = "import nbformat, sys; nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); print('valid')"
        let result = try ReportExportTests.run(python, ["-c", check, file])
        #expect(result.status == 0 && result.output.contains("valid"), "\(result.output)")
    }
}

/// The Python with nbformat that CI provides; under CI=true a missing one fails the test.
enum NbformatPython {
    static func interpreter() throws -> String? {
        let environment = ProcessInfo.processInfo.environment
        let python = environment["GRADBOOK_NBFORMAT_PYTHON"] ?? "/tmp/gradbook-ci-venv/bin/python"
        if FileManager.default.isExecutableFile(atPath: python), (try? ReportExportTests.run(python, ["-c", "import nbformat"]).status) == 0 {
            return python
        }
        if environment["CI"] == "true" { Issue.record("CI must provide a Python with nbformat (GRADBOOK_NBFORMAT_PYTHON=\(python))") }
        return nil
    }
}

/// PNG bytes to RGBA8 through libpng's simplified read API.
func decodeRGBA(_ bytes: [UInt8]) throws -> (width: Int, height: Int, rgba: [UInt8]) {
    var image = png_image()
    image.version = png_uint_32(PNG_IMAGE_VERSION)
    let opened = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
    guard opened != 0 else { throw ReportError("libpng could not open the PNG") }
    image.format = png_uint_32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
    var rgba = [UInt8](repeating: 0, count: Int(image.width) * Int(image.height) * 4)
    let finished = rgba.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
    guard finished != 0 else { throw ReportError("libpng could not decode the PNG") }
    return (Int(image.width), Int(image.height), rgba)
}
