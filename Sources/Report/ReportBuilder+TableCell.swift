import Core
import Notebook
import Records

/// A `- table:` cell: the author's columns over the experiment's variants, grouped over seeds as
/// the ranked results table is (the mean ± standard deviation, and the 95% interval beside it
/// when the variants have several seeds), filtered, sorted and cut to `top` rows.
extension ReportBuilder {
    func tableCell(_ cell: TableCell) -> String {
        let title = cell.title.map { "**\($0)**\n\n" } ?? ""
        let caption = cell.caption.map { "\n\n*\($0)*" } ?? ""
        guard let result = results.first(where: { $0.experiment.name == cell.experiment }) else {
            return title + "> No experiment `\(cell.experiment)` in this report." + caption
        }
        var groups = result.groups.filter { cell.filter.admits($0.values) }
        if let sort = cell.sort {
            // Stable: ties keep the ranked order; variants without a value go last either way.
            groups = groups.enumerated().sorted { lhs, rhs in
                switch (Self.sortKey(sort.column, lhs.element, result), Self.sortKey(sort.column, rhs.element, result)) {
                case let (a?, b?):
                    if a != b { return sort.descending ? b < a : a < b }
                case (.some, nil): return true
                case (nil, .some): return false
                case (nil, nil): break
                }
                return lhs.offset < rhs.offset
            }.map(\.element)
        }
        let shown = cell.top.map { Array(groups.prefix($0)) } ?? groups
        let showIntervals = result.experiment.seeds.count > 1 || result.experiment.variants.contains { $0.fold != nil }
        var headers: [String] = []
        var alignments: [MarkdownTable.Alignment] = []
        let shortNames = Dictionary(result.parameterNames.map { ($0.name, $0.short) }, uniquingKeysWith: { a, _ in a })
        for column in cell.columns {
            switch column {
            case .parameter(let path): headers.append(shortNames[path] ?? path); alignments.append(.left)
            case .final(let metric), .best(let metric):
                let name = column == .final(metric) ? metric : "best \(metric)"
                headers.append(name); alignments.append(.right)
                if showIntervals { headers.append("\(name) 95% CI"); alignments.append(.right) }
            case .epochs: headers.append("epochs"); alignments.append(.right)
            case .seconds: headers.append("s/run"); alignments.append(.right)
            case .status: headers.append("status"); alignments.append(.left)
            }
        }
        var table = MarkdownTable(headers: headers, alignments: alignments)
        for group in shown {
            var row: [String] = []
            for column in cell.columns {
                switch column {
                case .parameter(let path): row.append(group.value(of: path)?.display ?? "–")
                case .final(let metric), .best(let metric):
                    let values = column == .final(metric) ? group.metricValues(metric) : group.bestEpochValues(metric, maximize: result.experiment.maximizes(metric))
                    let stats = MetricStats(values, maximize: result.experiment.maximizes(metric))
                    row.append(stats.map { ReadableNumber.meanStd($0.mean, $0.std) } ?? "–")
                    if showIntervals {
                        row.append(stats.flatMap { SeedInterval.ci95(mean: $0.mean, std: $0.std, n: $0.n) }.map(Self.interval) ?? "–")
                    }
                case .epochs: row.append(group.epochsSummary.isEmpty ? "–" : group.epochsSummary)
                case .seconds: row.append(group.meanSeconds.map { ReadableNumber.format($0, significant: 2) } ?? "–")
                case .status: row.append(group.statusSummary)
                }
            }
            table.append(row)
        }
        var text = title + table.rendered
        let hidden = groups.count - shown.count
        let filtered = result.groups.count - groups.count
        var counts: [String] = []
        if filtered > 0 { counts.append("\(filtered) \(filtered == 1 ? "variant does" : "variants do") not match the filter") }
        if hidden > 0 { counts.append("\(hidden) more below the top \(shown.count)") }
        if shown.isEmpty { counts.insert("no variant to show", at: 0) }
        if !counts.isEmpty { text += "\n\n" + counts.joined(separator: "; ").capitalizedFirst + "." }
        return text + caption
    }

    /// What a column sorts by: numbers by value, words by text.
    enum SortKey: Comparable {
        case number(Double)
        case text(String)
        static func < (a: SortKey, b: SortKey) -> Bool {
            switch (a, b) {
            case let (.number(x), .number(y)): return x < y
            case let (.text(x), .text(y)): return x < y
            case (.number, .text): return true
            case (.text, .number): return false
            }
        }
    }

    static func sortKey(_ column: TableCell.Column, _ group: RunGroup, _ result: ExperimentResults) -> SortKey? {
        switch column {
        case .parameter(let path):
            guard let value = group.value(of: path) else { return nil }
            return value.doubleValue.map(SortKey.number) ?? .text(value.display)
        case .final(let metric):
            return MetricStats(group.metricValues(metric), maximize: true).map { .number($0.mean) }
        case .best(let metric):
            return MetricStats(group.bestEpochValues(metric, maximize: result.experiment.maximizes(metric)), maximize: true).map { .number($0.mean) }
        case .epochs: return group.records.map(\.epochs.count).max().map { .number(Double($0)) }
        case .seconds: return group.meanSeconds.map(SortKey.number)
        case .status: return .text(group.statusSummary)
        }
    }
}

extension RunGroup {
    /// Each counted run's best value of a metric over its epochs (the highest accuracy, the lowest
    /// loss), finite values only.
    func bestEpochValues(_ metric: String, maximize: Bool) -> [Double] {
        records.filter(\.status.counts).compactMap { record -> Double? in
            let values = record.epochs.compactMap { $0.metrics[metric] }.filter(\.isFinite)
            return maximize ? values.max() : values.min()
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
