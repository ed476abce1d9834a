import Core
import Foundation
import Notebook
import Records

/// Facts about the sweep that the report's metadata section states.
public struct ReportContext: Sendable {
    /// The command that reproduces the report (shown in the metadata).
    public var command: String
    public var jobs: Int
    public var cores: Int
    public var wallSeconds: Double
    public var date: String
    /// True when the sweep was interrupted or shards are still missing.
    public var incomplete: Bool
    /// Variants without a record, with who owned them (e.g. "array task 2"), if known.
    public var missing: [(variant: Variant, owner: String?)]
    /// Experiment name -> the run holding its `save: best` weights, as derived from the records
    /// and the files on disk (records themselves never claim them).
    public var bestWeights: [String: BestWeightsPointer]
    /// Per experiment name, the Markdown of its data section (rows read, dropped, imputed, class
    /// balance), derived by the caller, which can load data sets (this module cannot).
    public var dataNotes: [String: String]
    /// Set while the sweep still runs: the report says so instead of "incomplete".
    public var live: LiveStatus?
    /// Threads that draw charts (default: `jobs`); the live report draws on one, beside the workers.
    public var chartThreads: Int?
    /// Ids of the variants where `model.residual: true` has no block to wrap, found by the caller
    /// with the preflight's rule (it needs the data's input width, which this module cannot load).
    public var residualWithoutBlocks: Set<String> = []
    /// Where a budget ended an experiment's search, by experiment name.
    public var searchStops: [String: SearchStop] = [:]

    /// "in progress: 340 of 2000 runs, expected to finish at 02:41 UTC".
    public struct LiveStatus: Sendable {
        public var finished: Int
        public var planned: Int
        public var expectedFinish: String?
        public init(finished: Int, planned: Int, expectedFinish: String?) {
            self.finished = finished
            self.planned = planned
            self.expectedFinish = expectedFinish
        }
    }

    public init(command: String, jobs: Int, cores: Int, wallSeconds: Double, date: String,
                incomplete: Bool = false, missing: [(variant: Variant, owner: String?)] = [],
                bestWeights: [String: BestWeightsPointer] = [:], dataNotes: [String: String] = [:]) {
        self.dataNotes = dataNotes
        self.command = command
        self.jobs = jobs
        self.cores = cores
        self.wallSeconds = wallSeconds
        self.date = date
        self.incomplete = incomplete
        self.missing = missing
        self.bestWeights = bestWeights
    }
}

public enum ReportWriter {
    /// Writes report.md, report.ipynb, results.csv, results.json, charts/*.png (and with
    /// `tensorboard: true` the event files of tensorboard/) into `directory`
    /// (the notebook's output folder, which holds runs/). Every file is written atomically. A chart
    /// that cannot be drawn leaves a note in the report instead of failing it.
    public static func write(notebook: NotebookDocument, records: [RunRecord], directory: String,
                             context: ReportContext) throws {
        try write(notebook: notebook, records: records, directory: directory, context: context, charts: .live)
    }

    /// As above, with the chart kinds supplied (tests pass fixed images).
    public static func write(notebook: NotebookDocument, records: [RunRecord], directory: String,
                             context: ReportContext, charts renderer: ChartRendering) throws {
        // Each chart is written by the thread that drew it, while the others still draw; a chart kept
        // from the last report (same input, file intact) is already on disk.
        let cache = renderer.cacheIdentity.map { ChartCache(directory: directory, identity: $0) }
        let importance = renderer.cacheIdentity.map { ImportanceCache(directory: directory, identity: $0) }
        var rendered = try render(notebook: notebook, records: records, context: context, charts: renderer,
                                  cache: cache, importance: importance,
                                  resultsPath: "\(directory)/results.json") { chart in
            guard let png = chart.png, !(cache?.kept(chart.path) ?? false) else { return }
            try AtomicFile.write(png, to: "\(directory)/\(chart.path)")
        }
        try cache?.save()
        try importance?.save()
        removeStaleCellCharts(in: directory, keeping: rendered.charts)
        // results.json was written to its staged file as it was encoded, each other file's text
        // is let go once it is on disk, and results.csv is written a megabyte at a time only
        // then: at 100,000 runs results.json is ~160 MB and the CSV ~30 MB, and holding them
        // beside the records made the report's peak memory.
        try writeIfChanged(Array(rendered.markdown.utf8), to: "\(directory)/report.md")
        try writeIfChanged(Array(rendered.notebook.utf8), to: "\(directory)/report.ipynb")
        rendered.notebook = ""
        if let staged = rendered.stagedJSON {
            try staged.commitIfChanged()
        } else {
            try writeIfChanged(rendered.json, to: "\(directory)/results.json")
        }
        let csv = try StagedFile("\(directory)/results.csv")
        try CSVTable.write(notebook: notebook, records: records) { try csv.append($0) }
        try csv.commitIfChanged()
        if notebook.tensorboard { try TensorBoardExport.write(notebook: notebook, records: records, directory: directory) }
    }

    /// Writes a report file (atomically, durably) unless it already holds exactly these bytes: a
    /// re-render after editing one cell leaves most files as they were, and each write costs an
    /// fsync, which on a busy disk was more of a re-render's wall time than its whole CPU time.
    /// The file on disk is compared piece by piece (`FileComparison`), never read whole: a
    /// 100,000-run results.json is ~160 MB.
    static func writeIfChanged(_ bytes: [UInt8], to path: String) throws {
        if FileComparison.holds(bytes, path: path) { return }
        try AtomicFile.write(bytes, to: path)
    }

    /// A chart cell edited or removed leaves its old file behind (its name says what it drew):
    /// remove the cell charts this render did not draw, so charts/ holds one file per cell.
    static func removeStaleCellCharts(in directory: String, keeping charts: [RenderedChart]) {
        let kept = Set(charts.filter { $0.png != nil }.map(\.path))
        let files = (try? FileManager.default.contentsOfDirectory(atPath: "\(directory)/charts")) ?? []
        for file in files where ReportCells.isCellChart(file) && !kept.contains("charts/\(file)") {
            try? FileManager.default.removeItem(atPath: "\(directory)/charts/\(file)")
        }
    }

    /// Everything `write` puts on disk, as values, but results.csv: `write` writes it from the
    /// records a megabyte at a time (`CSVTable.write`).
    struct Rendered {
        var markdown: String
        var notebook: String
        /// results.json's bytes, final newline included; empty when they went to `stagedJSON`.
        var json: [UInt8]
        /// results.json written beside its place, to be committed (`render`'s `resultsPath`).
        var stagedJSON: StagedFile?
        var charts: [RenderedChart]
    }

    /// `storeChart` receives each chart as soon as it is drawn, possibly on another thread. With
    /// `resultsPath`, results.json is written into a staged file for that path as it is encoded
    /// (`Rendered.stagedJSON`), instead of into memory.
    static func render(notebook: NotebookDocument, records: [RunRecord], context: ReportContext,
                       charts renderer: ChartRendering, cache: ChartCache? = nil, importance: ImportanceCache? = nil,
                       resultsPath: String? = nil,
                       storeChart: (@Sendable (RenderedChart) throws -> Void)? = nil) throws -> Rendered {
        let results = notebook.experiments.map { ExperimentResults(experiment: $0, records: records) }
        var flows: [String: GradientFlowSummary] = [:]
        var insights: [String: ExperimentInsight] = [:]
        var plans: [(name: String, plan: ExperimentCharts.Plan)] = []
        for result in results {
            let flow = GradientFlowSummary(results: result)
            let insight = ExperimentInsight(result, importanceCache: importance)
            flows[result.experiment.name] = flow
            insights[result.experiment.name] = insight
            plans.append((result.experiment.name, ExperimentCharts.plan(results: result, flow: flow, renderer: renderer,
                                                                        importance: insight.importance,
                                                                        progress: SearchProgressSummary.applies(result, context: context, notebook: notebook))))
        }
        // All charts of all experiments at once, on as many threads as the sweep had workers;
        // results.json does not depend on them and is encoded by the first thread to run out of charts.
        let cells = ReportCells(notebook: notebook, records: records, renderer: renderer)
        let resultsFile = ResultsDraft(notebook: notebook, results: results, context: context, insights: insights)
        let encoded = EncodedResults(path: resultsPath)
        var jobs = plans.flatMap(\.plan.jobs) + cells.jobs
        if let cache { jobs = jobs.map(cache.wrapping) }
        let drawn = try ChartJob.renderAll(jobs, threads: context.chartThreads ?? context.jobs, store: storeChart) {
            encoded.encode(resultsFile)
        }
        var charts: [String: ExperimentCharts] = [:]
        var offset = 0
        for (name, plan) in plans {
            let count = plan.jobs.count
            charts[name] = plan.charts(drawn[offset..<(offset + count)])
            offset += count
        }
        let cellCharts = drawn[offset...]
        var builder = ReportBuilder(notebook: notebook, results: results, charts: charts, flows: flows,
                                    context: context, insights: insights)
        builder.cells = cells.blocks(cellCharts)
        let document = builder.build()
        let notebookJSON = try JupyterNotebook.render(document, title: notebook.title)
        let json = try encoded.take(orEncoding: resultsFile)
        return Rendered(markdown: document.markdown, notebook: notebookJSON, json: json.bytes, stagedJSON: json.staged,
                        charts: results.flatMap { charts[$0.experiment.name]?.all ?? [] } + cellCharts)
    }
}

/// results.json encoded on a drawing thread (into memory, or into a staged file beside its
/// place), handed back under a lock.
private final class EncodedResults: @unchecked Sendable {
    typealias Encoded = (bytes: [UInt8], staged: StagedFile?)
    private let path: String?
    private let lock = NSLock()
    private var result: Result<Encoded, Error>?

    init(path: String?) { self.path = path }

    func encode(_ file: ResultsDraft) {
        let outcome = encoding(file)
        lock.withLock { result = outcome }
    }

    /// The encoded file (encoding it here if no thread did), handed over: the holder lets go.
    func take(orEncoding file: ResultsDraft) throws -> Encoded {
        let held = lock.withLock { () -> Result<Encoded, Error>? in
            defer { result = nil }
            return result
        }
        do { return try (held ?? encoding(file)).get() } catch {
            throw ReportError("cannot encode results.json: \(error)")
        }
    }

    private func encoding(_ file: ResultsDraft) -> Result<Encoded, Error> {
        Result {
            guard let path else { return (try file.encodedBytes() + [0x0A], nil) }
            let staged = try StagedFile(path)
            try file.write(into: staged)
            return ([], staged)
        }
    }
}

public struct ReportError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
