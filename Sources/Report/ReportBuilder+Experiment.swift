import Core
import Foundation
import Notebook
import Records

extension ReportBuilder {
    static let maxResultRows = 25
    static let maxReasonLength = 240

    /// One experiment cell: what was swept, ranked results, marginal effects, charts, failures
    /// and gradient flow.
    func addSection(for result: ExperimentResults, to document: inout ReportDocument) {
        let experiment = result.experiment
        document.add("### Experiment `\(experiment.name)`\n\n" + sweepDescription(result))
        if let note = residualNote(result) { document.add(note) }
        if let stop = context.searchStops[experiment.name] {
            document.add("**Budget:** " + stop.sentence.prefix(1).uppercased() + stop.sentence.dropFirst() + " in proposal order; "
                         + "the proposals after it did not start.")
        }
        if let data = context.dataNotes[experiment.name], !data.isEmpty { document.add("#### Data\n\n" + data) }
        document.add("#### Results\n\n" + resultsTable(result))
        if let sentence = comparisonSentence(result) { document.add(sentence) }
        if let bands = hyperbandSection(result) { document.add("#### Hyperband bands\n\n" + bands) }
        if let pointer = context.bestWeights[experiment.name] { document.add(bestWeightsSentence(pointer)) }
        let charts = self.charts[experiment.name]
        if let importance = importanceSection(result) {
            document.add("#### What matters\n\n" + importance)
            if let chart = charts?.importance { document.add(chart) }
        }
        if let advice = adviceSection(result) { document.add(advice) }
        let marginals = marginalTables(result)
        if !marginals.isEmpty { document.add("#### Effect of each parameter\n\n" + marginals) }
        if let charts, !charts.results.isEmpty {
            document.add("#### Charts")
            for chart in charts.results { document.add(chart) }
        }
        if let chart = charts?.progress {
            document.add("#### Search progress")
            document.add(chart)
            if let sentence = SearchProgressSummary(results: result).sentence(metric: result.metric) { document.add(sentence) }
        }
        if let words = CostQualitySummary(results: result).markdown(metric: result.metric) {
            document.add("#### Cost against quality")
            for chart in charts?.costs ?? [] { document.add(chart) }
            document.add(words)
        }
        document.add("#### Failures\n\n" + failures(result))
        var flow = "#### Gradient flow"
        let summary = flows[experiment.name]
        if summary?.charted.isEmpty ?? true {
            flow += "\n\nNo per-layer gradient statistics were recorded for this experiment."
            document.add(flow)
            return
        }
        document.add(flow)
        for chart in charts?.gradients ?? [] { document.add(chart) }
        if let sentence = summary?.sentence { document.add(sentence) }
        if let table = summary?.table { document.add(table) }
    }

    func sweepDescription(_ result: ExperimentResults) -> String {
        let experiment = result.experiment
        let seeds = experiment.seeds.map(String.init).joined(separator: ", ")
        let planned = experiment.variants.count
        let goal = result.metric.maximize ? "higher is better" : "lower is better"
        let methods: [SearchMethodKind: String] = [.grid: "Grid", .random: "Random", .bayes: "Bayesian (TPE)"]
        var text = "\(methods[experiment.method] ?? "Grid") search"
        text += experiment.parameters.isEmpty ? " with no swept parameter" : ""
        text += ", \(experiment.seeds.count) \(experiment.seeds.count == 1 ? "seed" : "seeds") (\(seeds))"
        if let folds = experiment.variants.compactMap(\.fold).max() { text += " x \(folds) cross-validation folds" }
        text += ": "
        text += "\(planned) \(planned == 1 ? "run" : "runs") \(experiment.growsWithRecords ? "proposed" : "planned"), ranked by **\(result.metric.name)** (\(goal))."
        guard !experiment.parameters.isEmpty else { return text }
        var table = MarkdownTable(headers: ["parameter", "swept over"])
        for sweep in experiment.parameters { table.append(["`\(sweep.name)`", sweep.summary]) }
        return text + "\n\n" + table.rendered
    }

    func resultsTable(_ result: ExperimentResults) -> String {
        let parameters = result.parameterNames
        // train_balanced_accuracy stays in results.csv: beside train_accuracy it only widens the table.
        let others = result.otherMetrics.filter { $0 != "train_balanced_accuracy" }
        let metric = result.metric.name
        let intervals = insights[result.experiment.name]?.intervals ?? [:]
        let showIntervals = result.experiment.seeds.count > 1 || result.experiment.variants.contains { $0.fold != nil }
        let ci: [String] = showIntervals ? ["95% CI"] : []
        let headers: [String] = ["rank", "variant"] + parameters.map(\.short) + [metric] + ci + ["n"] + others + ["epochs", "s/run", "status"]
        var alignments: [MarkdownTable.Alignment] = [.right, .left] + parameters.map { _ in .left }
        alignments += [.right] + ci.map { _ in .right } + [.right]
        alignments += others.map { _ in .right } + [.right, .right, .left]
        var table = MarkdownTable(headers: headers, alignments: alignments)
        let rankedCount = result.ranked.count
        for (index, group) in result.groups.prefix(Self.maxResultRows).enumerated() {
            let isBest = index == 0 && group.stats != nil
            var row = [isBest ? "**1 (best)**" : (index < rankedCount ? String(index + 1) : "–"),
                       isBest ? "**\(group.label)**" : group.label]
            row += parameters.map { group.value(of: $0.name)?.display ?? "" }
            if let stats = group.stats {
                let text = ReadableNumber.meanStd(stats.mean, stats.std)
                row += [isBest ? "**\(text)**" : text]
                if showIntervals { row.append(intervals[group.key].map(Self.interval) ?? "–") }
                row.append(String(stats.n))
            } else {
                row += ["–"] + ci.map { _ in "–" } + ["0"]
            }
            row += others.map { name in group.mean(of: name).map { ReadableNumber.format($0) } ?? "–" }
            row += [group.epochsSummary, group.meanSeconds.map { ReadableNumber.format($0, significant: 2) } ?? "–",
                    group.statusSummary]
            table.append(row)
        }
        var text = table.rendered
        if result.groups.count > Self.maxResultRows {
            text += "\n\nThe \(result.groups.count - Self.maxResultRows) lower-ranked variants are in results.csv."
        }
        if let sentence = aggregationSentence(result) { text += "\n\n" + sentence }
        if let recalls = classRecallTable(result) { text += "\n\n" + recalls }
        return text
    }

    /// Where `save: best` left the experiment's weights (one run's; the others were removed).
    func bestWeightsSentence(_ pointer: BestWeightsPointer) -> String {
        let path = "runs/\(pointer.experiment)/\(pointer.weightsFile)"
        return "Best weights: [`\(path)`](\(path)), from run \(pointer.label) (`\(pointer.variant.prefix(8))`, "
            + "\(pointer.metric) \(ReadableNumber.format(pointer.value)))."
    }

    func marginalTables(_ result: ExperimentResults) -> String {
        let metric = result.metric.name
        var parts: [String] = []
        for parameter in result.parameterNames {
            let rows = result.marginals(for: parameter.name)
            guard !rows.isEmpty else { continue }
            var table = MarkdownTable(headers: [parameter.short, "mean \(metric)", "best \(metric)", "variants", "failed runs"],
                                      alignments: [.left, .right, .right, .right, .right])
            for row in rows {
                table.append([row.value, row.mean.map { ReadableNumber.format($0) } ?? "–",
                              row.best.map { ReadableNumber.format($0) } ?? "–", String(row.points),
                              "\(row.failedRuns) of \(row.runs)"])
            }
            parts.append("**\(parameter.short)**, averaged over the other parameters:\n\n" + table.rendered)
        }
        return parts.joined(separator: "\n\n")
    }

    func failures(_ result: ExperimentResults) -> String {
        let failed = result.failures
        guard !failed.isEmpty else {
            return result.records.isEmpty ? "No run of this experiment has finished yet." : "No run failed, diverged or timed out."
        }
        var table = MarkdownTable(headers: ["run", "status", "epoch", "reason"], alignments: [.left, .left, .right, .left])
        for record in failed {
            let epoch = record.divergedEpoch ?? record.epochCount
            var reason = record.reason ?? "–"
            if reason.count > Self.maxReasonLength { reason = String(reason.prefix(Self.maxReasonLength)) + "…" }
            table.append([record.label, record.status.readable, String(epoch), reason])
        }
        let categorical = Set(result.experiment.parameters.filter(\.isCategorical).map(\.name))
        let sentences = FailureBoundary.sentences(records: result.records, parameters: result.parameterNames,
                                                  categorical: categorical)
        return ([table.rendered] + sentences).joined(separator: "\n\n")
    }
}
