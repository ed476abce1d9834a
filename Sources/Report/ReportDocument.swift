/// The rendered notebook as a sequence of blocks, so report.md and report.ipynb say the same thing:
/// Markdown prose and tables, and charts.
struct ReportDocument: Sendable {
    enum Block: Sendable {
        case markdown(String)
        case chart(RenderedChart)
    }

    var blocks: [Block] = []

    mutating func add(_ markdown: String) {
        let trimmed = markdown.trimmingTrailingNewlines
        guard !trimmed.isEmpty else { return }
        blocks.append(.markdown(trimmed))
    }

    mutating func add(_ chart: RenderedChart) { blocks.append(.chart(chart)) }

    /// GitHub-flavoured Markdown: blocks separated by blank lines, charts as relative image links.
    var markdown: String {
        blocks.map { block in
            switch block {
            case .markdown(let text): return text
            case .chart(let chart): return Self.markdown(for: chart)
            }
        }.joined(separator: "\n\n") + "\n"
    }

    static func markdown(for chart: RenderedChart) -> String {
        guard chart.png != nil else {
            return "> Chart `\(chart.path)` was not drawn (\(chart.failure ?? "no data")). It would show: \(chart.caption)"
        }
        return "![\(chart.caption)](\(chart.path))\n\n*\(chart.caption)*"
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = Substring(self)
        while let last = text.last, last == "\n" || last == "\r" || last == " " { text = text.dropLast() }
        return String(text)
    }
}
