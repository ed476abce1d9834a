import Foundation
import Testing
@testable import Notebook
@testable import Report

@Suite struct ReportExportTests {
    func writeFixture(charts: ChartRendering = ReportFixture.fixedCharts) throws -> String {
        let directory = try ReportFixture.temporaryDirectory()
        try ReportWriter.write(notebook: ReportFixture.notebook, records: ReportFixture.records, directory: directory,
                               context: ReportFixture.context, charts: charts)
        return directory
    }

    @Test func writesEveryFileAndNoTemporaries() throws {
        let directory = try writeFixture()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in ["report.md", "report.ipynb", "results.csv", "results.json", "charts/lr-loss.png",
                     "charts/lr-learning_rate.png", "charts/lr-activation.png", "charts/lr-heatmap.png",
                     "charts/lr-gradients.png", "charts/lr-gradient-depth.png", "charts/lr-importance.png", "charts/baseline-loss.png"] {
            #expect(FileManager.default.fileExists(atPath: "\(directory)/\(name)"), "\(name) missing")
        }
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: directory).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func linksInTheReportResolve() throws {
        let directory = try writeFixture()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let markdown = try String(contentsOfFile: "\(directory)/report.md", encoding: .utf8)
        let links = Self.links(in: markdown)
        #expect(links.count >= 7)
        for link in links where !link.hasPrefix("#") && !link.contains("://") {
            #expect(FileManager.default.fileExists(atPath: "\(directory)/\(link)"), "broken link \(link)")
        }
    }

    /// Targets of `[text](target)` and `![alt](target)`.
    static func links(in markdown: String) -> [String] {
        var links: [String] = []
        var rest = Substring(markdown)
        while let open = rest.range(of: "](") {
            let after = rest[open.upperBound...]
            guard let close = after.firstIndex(of: ")") else { break }
            links.append(String(after[..<close]))
            rest = after[close...]
        }
        return links
    }

    @Test func jupyterNotebookStructure() throws {
        let directory = try writeFixture()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/report.ipynb"))
        let notebook = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(notebook["nbformat"] as? Int == 4)
        let cells = try #require(notebook["cells"] as? [[String: Any]])
        let code = cells.filter { $0["cell_type"] as? String == "code" }
        #expect(code.count == 8)  // seven lr charts (importance among them) and the baseline's loss chart
        let output = try #require((code.first?["outputs"] as? [[String: Any]])?.first)
        #expect(output["output_type"] as? String == "display_data")
        let png = try #require((output["data"] as? [String: Any])?["image/png"] as? String)
        #expect(Data(base64Encoded: png).map(Array.init) == ReportFixture.tinyPNG)
        let ids = cells.compactMap { $0["id"] as? String }
        #expect(Set(ids).count == cells.count)
        let first = try #require(cells.first?["source"] as? [String])
        #expect(first.first == "# Learning rate | activation study\n")
    }

    /// nbformat's own schema check, when a Python with nbformat is available
    /// (GRADBOOK_NBFORMAT_PYTHON, or CI's venv); skipped otherwise, except under CI=true, where
    /// a missing interpreter fails (a skipped check there would pass without checking anything).
    @Test func jupyterNotebookValidatesAgainstNbformat() throws {
        let environment = ProcessInfo.processInfo.environment
        let python = environment["GRADBOOK_NBFORMAT_PYTHON"] ?? "/tmp/gradbook-ci-venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python),
              (try? Self.run(python, ["-c", "import nbformat"]).status) == 0 else {
            if environment["CI"] == "true" { Issue.record("CI needs a Python with nbformat at \(python) (see .ci/run)") }
            return
        }
        let directory = try writeFixture()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let check = "import nbformat, sys; nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); print('valid')"
        let result = try Self.run(python, ["-c", check, "\(directory)/report.ipynb"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("valid"))
    }

    /// The Markdown renders real tables in a GFM renderer (Debian's cmark-gfm), when installed.
    @Test func markdownRendersTablesInCmarkGFM() throws {
        let cmark = "/usr/bin/cmark-gfm"
        guard FileManager.default.isExecutableFile(atPath: cmark) else { return }
        let directory = try writeFixture()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let markdown = try String(contentsOfFile: "\(directory)/report.md", encoding: .utf8)
        let tables = markdown.components(separatedBy: "\n").filter { $0.hasPrefix("| ---") }.count
        let result = try Self.run(cmark, ["-e", "table", "\(directory)/report.md"])
        #expect(result.status == 0)
        #expect(result.output.components(separatedBy: "<table>").count - 1 == tables)
        #expect(tables >= 8)
        // An escaped pipe stays inside its cell: the title's pipe is prose, the reason's is in a cell.
        #expect(result.output.contains("<td>worker killed by signal 9 | stderr:"))
        #expect(result.output.contains("<img src=\"charts/lr-loss.png\""))
    }

    @Test func resultsJSONHoldsRunSummariesThatPointAtTheirRecords() throws {
        let directory = try writeFixture()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let results = try ResultsFile.load(path: "\(directory)/results.json")
        #expect(results.formatVersion == 2 && ResultsFile.currentFormat == 2)
        #expect(results.notebook.title == "Learning rate | activation study")
        #expect(results.run.incomplete)
        #expect(results.run.missing.first?.owner == "array task 2")
        let lr = try #require(results.experiments.first)
        #expect(lr.best?.label == "lr=0.1 act=relu")
        #expect(lr.runs.count == 11)
        #expect(lr.runs.contains { $0.finalMetrics["val_loss"]?.isNaN == true })
        // Summaries only: the curves are in the record each summary names, not in results.json.
        let text = try String(contentsOfFile: "\(directory)/results.json", encoding: .utf8)
        #expect(!text.contains("\"layers\"") && !text.contains("\"learning_rate\" :"))
        let first = try #require(lr.runs.first)
        let fixture = try #require(ReportFixture.records.first { $0.variant == first.variant })
        #expect(first.record == "runs/\(fixture.experiment)/\(fixture.variant).json")
        #expect(first.epochs == fixture.epochs.count && first.epochs > 0)
        // The index and `gradbook report` read the header alone.
        let header = try ResultsFile.loadHeader(path: "\(directory)/results.json")
        #expect(header.formatVersion == 2 && header.experiments.first?.best?.label == "lr=0.1 act=relu")
    }

    @Test func indexListsEveryNotebook() throws {
        let parent = try ReportFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        try ReportWriter.write(notebook: ReportFixture.notebook, records: ReportFixture.records,
                               directory: "\(parent)/lr-study", context: ReportFixture.context,
                               charts: ReportFixture.fixedCharts)
        try FileManager.default.createDirectory(atPath: "\(parent)/not-a-report", withIntermediateDirectories: true)
        #expect(try IndexWriter.write(directory: parent) == 1)
        let index = try String(contentsOfFile: "\(parent)/README.md", encoding: .utf8)
        #expect(index.contains("[Learning rate \\| activation study](lr-study/report.md) (incomplete)"))
        #expect(index.contains("| `lr` | lr=0.1 act=relu | val_accuracy 0.915 ± 0.0071 (n=2) |"))
        for link in Self.links(in: index) {
            #expect(FileManager.default.fileExists(atPath: "\(parent)/\(link)"))
        }
    }

    /// With the real chart module: whether or not a chart kind is implemented yet, the report is written.
    @Test func liveChartsNeverBlockTheReport() throws {
        let directory = try writeFixture(charts: .live)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let markdown = try String(contentsOfFile: "\(directory)/report.md", encoding: .utf8)
        #expect(markdown.contains("charts/lr-loss.png"))
        for link in Self.links(in: markdown) where !link.hasPrefix("#") {
            #expect(FileManager.default.fileExists(atPath: "\(directory)/\(link)"), "broken link \(link)")
        }
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

@Suite struct IndexRefreshTests {
    @Test func aForeignReadmeIsLeftAlone() throws {
        let parent = try ReportFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        try "# My project\n".write(toFile: "\(parent)/README.md", atomically: true, encoding: .utf8)
        #expect(try IndexWriter.refresh(directory: parent) == 0)
        #expect(try String(contentsOfFile: "\(parent)/README.md", encoding: .utf8) == "# My project\n")
        try FileManager.default.removeItem(atPath: "\(parent)/README.md")
        try IndexWriter.refresh(directory: parent)
        #expect(try String(contentsOfFile: "\(parent)/README.md", encoding: .utf8).hasPrefix("# gradbook reports"))
    }
}
