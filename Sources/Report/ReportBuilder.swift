import Core
import Foundation
import Notebook
import Records

/// Lays out the rendered notebook: title, summary, every cell in order, missing runs, metadata.
struct ReportBuilder {
    var notebook: NotebookDocument
    var results: [ExperimentResults]
    var charts: [String: ExperimentCharts]
    var flows: [String: GradientFlowSummary]
    var context: ReportContext
    /// Importance, intervals, tests and advice per experiment name.
    var insights: [String: ExperimentInsight] = [:]
    /// The drawn `chart` and `compare` cells, by position in `notebook.cells` (see `ReportCells`).
    var cells: [Int: [ReportDocument.Block]] = [:]

    static let maxMissingListed = 50

    /// `{{ experiment.best.metric }}` in prose, filled from the same results as the tables.
    var inlineValues: InlineValues {
        InlineValues(results: Dictionary(results.map { ($0.experiment.name, $0) }, uniquingKeysWith: { a, _ in a }), insights: insights)
    }

    func build() -> ReportDocument {
        var document = ReportDocument()
        var header = "# \(notebook.title)"
        if let description = notebook.description?.trimmingTrailingNewlines, !description.isEmpty {
            header += "\n\n" + inlineValues.fill(description)
        }
        document.add(header)
        if let live = context.live {
            document.add(Self.inProgressNotice(live))
        } else if context.incomplete || !missingRuns.isEmpty {
            document.add(incompleteNotice)
        }
        if let notice = warningsNotice { document.add(notice) }
        document.add(summary)
        for (index, cell) in notebook.cells.enumerated() {
            switch cell {
            case .markdown(let text):
                document.add(inlineValues.fill(text))
            case .experiment(let experiment):
                guard let result = results.first(where: { $0.experiment.name == experiment.name }) else { continue }
                addSection(for: result, to: &document)
            case .chart, .compare:
                document.blocks += cells[index] ?? []
            case .table(let table):
                document.add(tableCell(table))
            }
        }
        // A sweep in progress has most runs still to come: listing them says nothing.
        if !missingRuns.isEmpty && context.live == nil { document.add(missingSection) }
        document.add(metadata)
        return document
    }

    /// The loader's warnings (what runs differs from what the file says: a repeated value
    /// collapsed, fewer runs than `count`), so a reader of the report sees them too. Notes (W&B
    /// keys ignored, legacy forms) stay on the command line.
    var warningsNotice: String? {
        let warnings = notebook.warnings.filter { $0.severity == .warning }
        guard !warnings.isEmpty else { return nil }
        return "> **Notebook warnings.**\n" + warnings.map { "> - line \($0.line), column \($0.column): \($0.message)" }.joined(separator: "\n")
    }

    /// The context's list when the caller knows the owners; otherwise planned variants without a record.
    var missingRuns: [(variant: Variant, owner: String?)] {
        if !context.missing.isEmpty { return context.missing }
        return results.flatMap(\.missing).map { ($0, nil) }
    }

    /// The live report's banner; the final render replaces the whole file.
    static func inProgressNotice(_ live: ReportContext.LiveStatus) -> String {
        var text = "> **In progress: \(live.finished) of \(live.planned) runs"
        if let finish = live.expectedFinish { text += ", expected to finish at \(finish)" }
        return text + ".** This report is re-rendered as runs finish; the sweep's final report replaces it."
    }

    var incompleteNotice: String {
        let planned = notebook.variants.count
        let missing = missingRuns
        var text = "> **Incomplete report.** "
        if missing.isEmpty {
            text += "The sweep was interrupted; the results below cover the runs that finished."
        } else {
            text += "\(missing.count) of \(planned) planned runs \(missing.count == 1 ? "has" : "have") no record yet (the sweep was interrupted "
                + "or shards are still running); \(missing.count == 1 ? "it is" : "they are") listed under [Missing runs](#missing-runs)."
            let owners = Dictionary(grouping: missing.compactMap(\.owner), by: { $0 }).mapValues(\.count)
            if !owners.isEmpty {
                let listed = owners.keys.sorted { $0.localizedStandardCompare($1) == .orderedAscending }
                    .map { "\($0) (\(owners[$0]!) \(owners[$0]! == 1 ? "run" : "runs"))" }
                text += " Waiting for: " + listed.joined(separator: ", ") + "."
            }
        }
        return text
    }

    var summary: String {
        var table = MarkdownTable(headers: ["experiment", "metric", "best variant", "best", "runner-up", "gap"])
        for result in results {
            let goal = result.metric.maximize ? "↑" : "↓"
            guard let best = result.best, let stats = best.stats else {
                table.append([result.experiment.name, "\(result.metric.name) \(goal)", "no finished run", "–", "–", "–"])
                continue
            }
            var runnerUp = "–", gap = "–"
            if let second = result.runnerUp, let other = second.stats {
                runnerUp = "\(second.label) (\(ReadableNumber.format(other.mean)))"
                let difference = abs(stats.mean - other.mean)
                gap = ReadableNumber.format(difference, significant: 2)
                if let words = insights[result.experiment.name]?.comparisonWords, second.stats?.n ?? 0 > 1, stats.n > 1 {
                    gap += " (\(words))"
                } else {
                    gap += " (single seed)"
                }
            }
            table.append([result.experiment.name, "\(result.metric.name) \(goal)", "**\(best.label)**",
                          "\(ReadableNumber.meanStd(stats.mean, stats.std)) (n=\(stats.n))", runnerUp, gap])
        }
        let records = results.flatMap(\.records)
        var totals = "**Totals:** \(records.count) \(records.count == 1 ? "run" : "runs")"
        let failures = RunStatus.allCases.filter(\.isFailure).compactMap { status -> String? in
            let count = records.filter { $0.status == status }.count
            return count == 0 ? nil : "\(count) \(status.readable)"
        }
        totals += failures.isEmpty ? ", no failures" : " (" + failures.joined(separator: ", ") + ")"
        if !missingRuns.isEmpty { totals += ", \(missingRuns.count) missing" }
        totals += "; wall time \(ReadableNumber.duration(context.wallSeconds))."
        return "## Summary\n\n" + table.rendered + "\n\n" + totals + numericsNote(records)
    }

    /// One sentence when a resumed folder holds runs trained under different floating-point rules
    /// (`numerics`: 1 kept subnormals, 2 flushes them); only runs the engine trained to an end count.
    func numericsNote(_ records: [RunRecord]) -> String {
        // Counted in place: grouping the records first copied every one of them (a tenth of a
        // 20,000-run report's peak memory) to count a version or two.
        var counts: [Int: Int] = [:]
        for record in records where [.ok, .early_stopped, .diverged].contains(record.outcome.status) {
            counts[record.outcome.numericsVersion, default: 0] += 1
        }
        guard counts.count > 1 else { return "" }
        let parts = counts.keys.sorted().map { "\(counts[$0]!) with numerics \($0)" }
        return "\n\n**Mixed numerics:** " + parts.joined(separator: ", ")
            + " (1 kept subnormal floats, 2 flushes them to zero); runs that met subnormals may differ from a fresh run"
            + " (`gradbook run --force` retrains them all)."
    }

    var missingSection: String {
        var table = MarkdownTable(headers: ["experiment", "variant", "seed", "id", "owner"])
        let missing = missingRuns
        for (variant, owner) in missing.prefix(Self.maxMissingListed) {
            table.append([variant.experiment, RunGroup.labelWithoutSeed(variant.label), String(variant.seed) + (variant.fold.map { " (fold \($0))" } ?? ""),
                          "`\(variant.id)`", owner ?? "–"])
        }
        var text = "## Missing runs\n\n" + table.rendered
        if missing.count > Self.maxMissingListed {
            text += "\n\n… and \(missing.count - Self.maxMissingListed) more (all in results.json)."
        }
        return text
    }

    var metadata: String {
        var table = MarkdownTable(headers: ["", ""])
        table.append(["gradbook", GradbookVersion.current])
        table.append(["date", context.date])
        table.append(["wall time", ReadableNumber.duration(context.wallSeconds)])
        table.append(["jobs", String(context.jobs)])
        table.append(["machine cores", String(context.cores)])
        table.append(["notebook", "`\(notebook.path)`"])
        table.append(["notebook sha256", "`\(notebook.contentHash)`"])
        return "## Run metadata\n\n" + table.rendered + "\n\nReproduce with:\n\n```sh\n\(context.command)\n```"
    }
}
