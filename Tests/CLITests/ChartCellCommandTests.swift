import Foundation
import Testing

/// Chart and compare cells through the real binary: written in a notebook, rendered after
/// `gradbook run`, then changed and re-rendered by `gradbook report` without training anything.
@Suite(.serialized)
struct ChartCellCommandTests {
    static func notebook(y: String) -> String {
        Workspace.notebook + """

          - chart: {experiment: grid, x: learning_rate, y: \(y), color: hidden}
          - compare: {experiments: [grid, slow], metric: val_accuracy}
        """
    }

    @Test func changedChartCellIsRedrawnFromStoredRunsWithoutTraining() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write(Self.notebook(y: "val_accuracy"))
        let run = try GradbookProcess.run(["run", notebook, "--out", "out", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(run.status == 0, "\(run.stderr)")
        let report = "\(space.folder)/out/tiny"
        let first = "\(report)/charts/cell-4-grid-scatter-val_accuracy-learning_rate.png"
        #expect(FileManager.default.fileExists(atPath: first))
        #expect(FileManager.default.fileExists(atPath: "\(report)/charts/cell-5-compare-grid-slow.png"))
        var markdown = try String(contentsOfFile: "\(report)/report.md", encoding: .utf8)
        #expect(markdown.contains("](charts/cell-4-grid-scatter-val_accuracy-learning_rate.png)"))
        #expect(markdown.contains("#### Comparison: grid vs slow"))
        let records = try recordTimes(report)
        #expect(records.count == 5)
        let lossChart = "\(report)/charts/grid-loss.png"
        let lossInode = try inode(lossChart)

        // The author switches the chart to the validation loss: `gradbook report` redraws it, trains nothing.
        _ = try space.write(Self.notebook(y: "val_loss"))
        let again = try GradbookProcess.run(["report", notebook, "--out", "out"], in: space.folder)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try recordTimes(report) == records, "a run record was rewritten")
        markdown = try String(contentsOfFile: "\(report)/report.md", encoding: .utf8)
        #expect(markdown.contains("](charts/cell-4-grid-scatter-val_loss-learning_rate.png)"))
        #expect(FileManager.default.fileExists(atPath: "\(report)/charts/cell-4-grid-scatter-val_loss-learning_rate.png"))
        #expect(!FileManager.default.fileExists(atPath: first), "the old chart of the cell is left behind")
        // The charts the edit did not touch were kept, not drawn and written again.
        #expect(try inode(lossChart) == lossInode, "an unchanged chart was rewritten")

        // A clean render of the changed notebook from the same runs writes the same bytes.
        let clean = "\(space.folder)/clean/tiny"
        try FileManager.default.createDirectory(atPath: clean, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(report)/runs", toPath: "\(clean)/runs")
        try FileManager.default.copyItem(atPath: "\(report)/results.json", toPath: "\(clean)/results.json")
        let fresh = try GradbookProcess.run(["report", notebook, "--out", "clean"], in: space.folder)
        #expect(fresh.status == 0, "\(fresh.stderr)")
        let charts = try FileManager.default.contentsOfDirectory(atPath: "\(clean)/charts").filter { $0.hasSuffix(".png") }.sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(report)/charts").filter { $0.hasSuffix(".png") }.sorted() == charts)
        for file in charts.map({ "charts/\($0)" }) + ["report.md", "report.ipynb", "results.csv", "results.json"] {
            #expect(FileManager.default.contents(atPath: "\(report)/\(file)") == FileManager.default.contents(atPath: "\(clean)/\(file)"),
                    "\(file) differs from a clean render")
        }
    }

    private func inode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int)
    }

    @Test func misspeltChartParameterFailsValidationAtItsPlace() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write(Workspace.notebook + "\n  - chart: {experiment: grid, x: learning_rat, y: val_accuracy}\n")
        let result = try GradbookProcess.run(["validate", notebook], in: space.folder)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("tiny.yaml:19:"), "\(result.stderr)")
        #expect(result.stderr.contains("learning_rate"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(space.folder)/out"))
    }

    private func recordTimes(_ report: String) throws -> [String: Date] {
        var times: [String: Date] = [:]
        let runs = "\(report)/runs"
        for path in FileManager.default.subpaths(atPath: runs) ?? [] where path.hasSuffix(".json") {
            times[path] = try FileManager.default.attributesOfItem(atPath: "\(runs)/\(path)")[.modificationDate] as? Date
        }
        return times
    }
}
