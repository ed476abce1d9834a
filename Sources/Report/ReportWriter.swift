// PUBLIC API CONTRACT (the Report module fills this in).
import Foundation
import Notebook

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

    public init(command: String, jobs: Int, cores: Int, wallSeconds: Double, date: String,
                incomplete: Bool = false, missing: [(variant: Variant, owner: String?)] = []) {
        self.command = command
        self.jobs = jobs
        self.cores = cores
        self.wallSeconds = wallSeconds
        self.date = date
        self.incomplete = incomplete
        self.missing = missing
    }
}

public enum ReportWriter {
    /// Writes report.md, report.ipynb, results.csv, results.json and charts/*.png into `directory`
    /// (the notebook's output folder, which holds runs/). Every file is written atomically. A chart
    /// that cannot be drawn leaves a note in the report instead of failing it.
    public static func write(notebook: NotebookDocument, records: [RunRecord], directory: String,
                             context: ReportContext) throws {
        try write(notebook: notebook, records: records, directory: directory, context: context, charts: .live)
    }

    /// As above, with the chart kinds supplied (tests pass fixed images).
    public static func write(notebook: NotebookDocument, records: [RunRecord], directory: String,
                             context: ReportContext, charts renderer: ChartRendering) throws {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let rendered = try render(notebook: notebook, records: records, context: context, charts: renderer)
        if ProcessInfo.processInfo.environment["POLISH_TIMING"] != nil { FileHandle.standardError.write(Data("TIMING render \(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6) ms\n".utf8)) }
        defer { if ProcessInfo.processInfo.environment["POLISH_TIMING"] != nil { FileHandle.standardError.write(Data("TIMING write \(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6) ms\n".utf8)) } }
        for chart in rendered.charts {
            guard let png = chart.png else { continue }
            try AtomicFile.write(png, to: "\(directory)/\(chart.path)")
        }
        try AtomicFile.write(rendered.markdown, to: "\(directory)/report.md")
        try AtomicFile.write(rendered.notebook, to: "\(directory)/report.ipynb")
        try AtomicFile.write(rendered.csv, to: "\(directory)/results.csv")
        try AtomicFile.write(rendered.json, to: "\(directory)/results.json")
    }

    /// Everything `write` puts on disk, as values.
    struct Rendered {
        var markdown: String
        var notebook: String
        var csv: String
        var json: String
        var charts: [RenderedChart]
    }

    static func render(notebook: NotebookDocument, records: [RunRecord], context: ReportContext,
                       charts renderer: ChartRendering) throws -> Rendered {
        let results = notebook.experiments.map { ExperimentResults(experiment: $0, records: records) }
        var flows: [String: GradientFlowSummary] = [:]
        var plans: [(name: String, plan: ExperimentCharts.Plan)] = []
        for result in results {
            let flow = GradientFlowSummary(results: result)
            flows[result.experiment.name] = flow
            plans.append((result.experiment.name, ExperimentCharts.plan(results: result, flow: flow, renderer: renderer)))
        }
        // All charts of all experiments at once, on as many threads as the sweep had workers.
        let drawn = ChartJob.renderAll(plans.flatMap(\.plan.jobs), threads: context.jobs)
        var charts: [String: ExperimentCharts] = [:]
        var offset = 0
        for (name, plan) in plans {
            let count = plan.jobs.count
            charts[name] = plan.charts(drawn[offset..<(offset + count)])
            offset += count
        }
        let document = ReportBuilder(notebook: notebook, results: results, charts: charts, flows: flows,
                                     context: context).build()
        let notebookJSON = try JupyterNotebook.render(document, title: notebook.title)
        let resultsFile = ResultsFile(notebook: notebook, results: results, context: context)
        let json: String
        do { json = String(decoding: try ResultsFile.encoder().encode(resultsFile), as: UTF8.self) } catch {
            throw ReportError("cannot encode results.json: \(error)")
        }
        return Rendered(markdown: document.markdown, notebook: notebookJSON,
                        csv: CSVTable.render(notebook: notebook, records: records), json: json + "\n",
                        charts: results.flatMap { (charts[$0.experiment.name]?.results ?? []) + (charts[$0.experiment.name]?.gradients ?? []) })
    }
}

public struct ReportError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
