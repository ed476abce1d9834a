import Foundation
import Records
import Testing

/// Cells from the command line: `gradbook report` renders a table cell and inline values added
/// after the runs, from the stored records, training nothing; a misspelt name in a cell stops
/// `run` with exit 2 at its line and column before anything is created.
@Suite struct CellCommandTests {
    static let cells = """
          - markdown: |
              Best: {{ grid.best.label }} at {{ grid.best.val_accuracy | % }}, lr {{ grid.best.params.lr }}; {{ grid.runs }} runs.
          - table: {experiment: grid, columns: [lr, hidden, val_accuracy, best.val_loss, epochs, status], sort: -val_accuracy, top: 3, title: Top three}

        """

    @Test func reportRendersNewCellsFromStoredRunsWithoutTraining() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        #expect(try GradbookProcess.run(["run", notebook, "--out", "out", "--jobs", "1"], in: space.folder).status == 0)
        let before = try space.records("out")
        let files = space.recordFiles("out", experiment: "grid")
        let bytes = try files.map { try Data(contentsOf: URL(fileURLWithPath: "\(space.store("out").experimentDirectory("grid"))/\($0)")) }

        let edited = Workspace.notebook.replacingOccurrences(of: "  - experiment:\n      name: slow", with: Self.cells + "  - experiment:\n      name: slow")
        #expect(edited != Workspace.notebook)
        _ = try space.write(edited)
        let report = try GradbookProcess.run(["report", notebook, "--out", "out"], in: space.folder)
        #expect(report.status == 0, "\(report.stderr)")

        #expect(space.recordFiles("out", experiment: "grid") == files)
        let after = try files.map { try Data(contentsOf: URL(fileURLWithPath: "\(space.store("out").experimentDirectory("grid"))/\($0)")) }
        #expect(after == bytes, "report rewrote a run record")
        #expect(try space.records("out").count == before.count)
        let markdown = try String(contentsOfFile: "\(space.store("out").directory)/report.md", encoding: .utf8)
        #expect(!markdown.contains("{{"))
        #expect(markdown.contains("**Top three**"))
        #expect(markdown.contains("| lr | hidden | val_accuracy | best val_loss | epochs | status |")
                || markdown.contains("| learning_rate | hidden | val_accuracy | best val_loss | epochs | status |"), "\(markdown)")
        #expect(markdown.contains("runs.") && markdown.contains("; \(before.filter { $0.experiment == "grid" }.count) runs."))
        let notebookJSON = try String(contentsOfFile: "\(space.store("out").directory)/report.ipynb", encoding: .utf8)
        #expect(notebookJSON.contains("Top three") && !notebookJSON.contains("{{"))
    }

    @Test func misspeltNamesInCellsExitTwoAtTheirPositionAndCreateNothing() throws {
        let space = try Workspace()
        defer { space.remove() }
        let broken = Workspace.notebook.replacingOccurrences(of: "  - experiment:\n      name: slow", with: """
              - markdown: "Best {{ grid.best.val_acuracy }}"
              - table: {experiment: grdi}
              - chart: {experiment: grid, x: learnig_rate}
              - compare: {experiments: [grid, slwo]}
              - experiment:
                  name: slow
            """)
        let notebook = try space.write(broken, name: "broken.yaml")
        let result = try GradbookProcess.run(["run", notebook, "--out", "out"], in: space.folder)
        #expect(result.status == 2)
        for expected in ["broken.yaml:14:34: error: unknown metric 'val_acuracy'", "broken.yaml:15:25: error: unknown experiment 'grdi'; did you mean 'grid'?",
                         "broken.yaml:16:34: error: unknown parameter 'learnig_rate'", "broken.yaml:17:35: error: unknown experiment 'slwo'; did you mean 'slow'?"] {
            #expect(result.stderr.contains(expected), "\(expected) not in \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(space.folder)/out"))
    }
}
