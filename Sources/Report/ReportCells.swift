import Foundation
import Notebook
import Records

/// The notebook's `chart` and `compare` cells, planned from the stored runs: per cell, the Markdown
/// before its chart and the job that draws it (drawn with every other chart of the report).
struct ReportCells {
    struct Entry {
        /// The cell's position in `NotebookDocument.cells`.
        var index: Int
        var markdown: String?
        var job: ChartJob
    }

    var entries: [Entry] = []

    init(notebook: NotebookDocument, records: [RunRecord], renderer: ChartRendering) {
        var baselines: [String: Result<BaselineResults, Error>] = [:]
        let folder = URL(fileURLWithPath: notebook.path).deletingLastPathComponent()
        // Baseline paths are relative to the notebook file; each is read once per render.
        func baseline(_ path: String) throws -> BaselineResults {
            let resolved = path.hasPrefix("/") ? path : folder.appendingPathComponent(path).standardized.path
            if let known = baselines[resolved] { return try known.get() }
            let loaded = Result { try BaselineResults.load(path: resolved) }
            baselines[resolved] = loaded
            return try loaded.get()
        }
        for (index, cell) in notebook.cells.enumerated() {
            switch cell {
            case .chart(let chart):
                entries.append(Entry(index: index, job: ChartCells.job(chart, index: index, notebook: notebook, records: records,
                                                                       renderer: renderer)))
            case .compare(let compare):
                let planned = CompareCells.plan(compare, index: index, notebook: notebook, records: records,
                                                renderer: renderer, baseline: baseline)
                entries.append(Entry(index: index, markdown: planned.markdown, job: planned.job))
            default:
                continue
            }
        }
    }

    var jobs: [ChartJob] { entries.map(\.job) }

    /// The report blocks of each cell, given its drawn charts in `jobs` order.
    func blocks(_ drawn: some Collection<RenderedChart>) -> [Int: [ReportDocument.Block]] {
        var blocks: [Int: [ReportDocument.Block]] = [:]
        for (entry, chart) in zip(entries, drawn) {
            var cell: [ReportDocument.Block] = []
            if let markdown = entry.markdown?.trimmingTrailingNewlines, !markdown.isEmpty { cell.append(.markdown(markdown)) }
            cell.append(.chart(chart))
            blocks[entry.index] = cell
        }
        return blocks
    }

    /// True for the file of a chart that only a cell draws (`charts/cell-3-....png`).
    static func isCellChart(_ file: String) -> Bool { file.hasPrefix(ChartCells.cellPrefix) && file.hasSuffix(".png") }
}
