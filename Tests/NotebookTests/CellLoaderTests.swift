import Core
import Foundation
import Testing
@testable import Notebook

/// Chart, table and compare cells and inline values as the loader hands them to the report:
/// names resolved to dotted paths, defaults filled in, cells in the notebook's order.
@Suite struct CellLoaderTests {
    static let notebook = """
    title: Cells
    defaults:
      dataset: {name: moons, n: 200}
      training: {epochs: 2}
    cells:
      - markdown: "Best: {{ lr-width.best.val_accuracy | % }} at lr={{ lr-width.best.params.lr }}"
      - chart: {experiment: lr-width, x: learning_rate, y: val_loss, color: act, log_x: true, filter: {activation: [relu, tanh]}}
      - chart: {experiment: [lr-width, other]}
      - chart: {experiment: lr-width, x: activation}
      - table: {experiment: lr-width, columns: [lr, activation, val_accuracy, best.val_loss, epochs, seconds, status], sort: -best.val_loss, top: 3, filter: {learning_rate: 0.1}}
      - table: {experiment: other}
      - experiment:
          name: lr-width
          parameters:
            training.learning_rate: {values: [0.01, 0.1]}
            activation: {values: [relu, tanh]}
      - compare: {experiments: [lr-width, other], metric: val_loss, title: Two}
      - experiment:
          name: other
          parameters:
            model.activation: {values: [relu, tanh]}
    """

    @Test func cellsAreReadInOrderWithResolvedNames() throws {
        let document = try loadText(Self.notebook)
        let kinds = document.cells.map { cell -> String in
            switch cell {
            case .markdown: return "markdown"
            case .experiment(let experiment): return "experiment \(experiment.name)"
            case .chart: return "chart"
            case .table: return "table"
            case .compare: return "compare"
            }
        }
        #expect(kinds == ["markdown", "chart", "chart", "chart", "table", "table", "experiment lr-width", "compare", "experiment other"])
        guard case .chart(let first) = document.cells[1], case .chart(let curves) = document.cells[2],
              case .chart(let bars) = document.cells[3], case .table(let table) = document.cells[4],
              case .table(let plain) = document.cells[5], case .compare(let compare) = document.cells[7] else {
            Issue.record("cells of the wrong kind")
            return
        }
        #expect(first.experiments == ["lr-width"])
        #expect(first.x == .parameter("training.learning_rate"))
        #expect(first.kind == .scatter)
        #expect(first.y == "val_loss")
        #expect(first.color == "model.activation")
        #expect(first.logX == .log && first.logY == .auto)
        #expect(first.filter.conditions == [CellFilter.Condition(parameter: "model.activation", values: [.string("relu"), .string("tanh")])])
        #expect(first.mark == SourceMark(line: 7, column: 12))
        #expect(curves.experiments == ["lr-width", "other"] && curves.x == .epoch && curves.kind == .line && curves.y == "val_accuracy")
        #expect(bars.kind == .bar && bars.x == .parameter("model.activation"))
        #expect(table.columns == [.parameter("training.learning_rate"), .parameter("model.activation"), .final("val_accuracy"),
                                  .best("val_loss"), .epochs, .seconds, .status])
        #expect(table.sort == TableCell.Sort(column: .best("val_loss"), descending: true))
        #expect(table.top == 3)
        #expect(table.filter.conditions == [CellFilter.Condition(parameter: "training.learning_rate", values: [.double(0.1)])])
        #expect(plain.columns == [.parameter("model.activation"), .final("val_accuracy")] && plain.sort == nil && plain.top == nil)
        #expect(compare.sides == [.experiment("lr-width"), .experiment("other")] && compare.metric == "val_loss" && compare.title == "Two")
    }

    @Test func inlineValuesParse() {
        let scanned = InlineValue.scan("a {{ x.best.val_accuracy | 2% }} b {{x.best.params.lr|3}} {{ x.runs }} {{ x.best.val_recall[Adelie] }}")
        #expect(scanned.problems.isEmpty)
        #expect(scanned.values.map(\.quantity) == [.bestMetric("val_accuracy"), .bestParameter("lr"), .runs, .bestMetric("val_recall[Adelie]")])
        #expect(scanned.values.map(\.format) == [.percent(significant: 2), .significant(3), .standard, .standard])
        #expect(scanned.values[0].range == 2..<32)
        #expect(scanned.values.map(\.ordinal) == [0, 1, 2, 3])
        let broken = InlineValue.scan("{{ }} {{ x.best }} {{ x.best.label | 3 }} {{ x.runs")
        #expect(broken.values.isEmpty)
        #expect(broken.problems.map(\.offset) == [0, 11, 37, 42])
    }

    @Test func baselineResultsPathIsRelativeToTheNotebook() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cells-baseline-\(getpid())")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("old"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{}".utf8).write(to: folder.appendingPathComponent("old/results.json"))
        let notebook = """
        title: Baseline
        defaults:
          dataset: {name: moons, n: 200}
          training: {epochs: 2}
        cells:
          - experiment: {name: now, parameters: {activation: {values: [relu, tanh]}}}
          - compare: {experiments: [now], baseline: {results: old/results.json, experiment: then}}
        """
        let path = folder.appendingPathComponent("b.yaml").path
        let document = try NotebookLoader.load(bytes: Array(notebook.utf8), path: path, catalog: testCatalog)
        guard case .compare(let compare) = document.cells[1] else { Issue.record("no compare cell"); return }
        #expect(compare.sides == [.experiment("now"), .baseline(resultsPath: "old/results.json", experiment: "then")])
    }

    /// Columns count characters, not bytes: an accented word before a reference moves it by one.
    @Test func inlineValuePositionsCountCharacters() {
        let text = """
        title: Accents
        defaults: {dataset: {name: moons, n: 200}, training: {epochs: 2}}
        cells:
          - experiment: {name: e, parameters: {activation: {values: [relu, tanh]}}}
          - markdown: "Précis: {{ e.best.val_acc }}"
          - markdown: 'It''s {{ e.best.params.actvation }}'
        """
        #expect(problems(text).map { String($0.prefix(6)) } == ["5:34: ", "6:39: "])
    }

    /// A one-experiment notebook's description may quote it, and is checked like a markdown cell.
    @Test func shorthandDescriptionIsChecked() {
        let text = """
        title: Shorthand
        description: "Best: {{ inline.best.val_acuracy }}"
        dataset: {name: moons, n: 200}
        training: {epochs: 2}
        parameters:
          activation: {values: [relu, tanh]}
        """
        #expect(problems(text).first?.hasPrefix("2:36: unknown metric 'val_acuracy' of experiment 'inline'; did you mean 'val_accuracy'?") == true,
                "\(problems(text))")
    }
}
