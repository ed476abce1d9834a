import Foundation
import Testing
@testable import Report

/// The Markdown of fixed run records, compared with Golden/report.md byte for byte.
/// Set GRADBOOK_UPDATE_GOLDEN=1 to rewrite the golden file after an intended change, and
/// GRADBOOK_REPORT_PREVIEW=DIR to also write the whole output folder there (with the real charts) for reading.
@Suite struct GoldenReportTests {
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func check(_ actual: String, golden name: String) throws {
        let url = Self.goldenFolder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["GRADBOOK_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "\(name) differs from the golden file; rerun with GRADBOOK_UPDATE_GOLDEN=1 if intended")
    }

    @Test func interruptedSweepWithFailures() throws {
        let rendered = try ReportWriter.render(notebook: ReportFixture.notebook, records: ReportFixture.records,
                                               context: ReportFixture.context, charts: ReportFixture.fixedCharts)
        try check(rendered.markdown, golden: "report.md")
        try check(CSVTable.render(notebook: ReportFixture.notebook, records: ReportFixture.records), golden: "results.csv")
        if let preview = ProcessInfo.processInfo.environment["GRADBOOK_REPORT_PREVIEW"] {
            try ReportWriter.write(notebook: ReportFixture.notebook, records: ReportFixture.records, directory: preview,
                                   context: ReportFixture.context, charts: .live)
        }
    }

    @Test func completeSweepHasNoIncompleteNotice() throws {
        let records = ReportFixture.records + [ReportFixture.record(ReportFixture.variant(0.01, "sigmoid", seed: 2))]
        let context = ReportContext(command: "gradbook run experiments/lr-study.yaml", jobs: 2, cores: 2,
                                    wallSeconds: 5, date: "2026-11-29T04:00:00Z")
        let markdown = try ReportWriter.render(notebook: ReportFixture.notebook, records: records, context: context,
                                               charts: ReportFixture.fixedCharts).markdown
        #expect(!markdown.contains("Incomplete"))
        #expect(!markdown.contains("## Missing runs"))
    }
}
