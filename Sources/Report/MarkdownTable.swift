import Foundation

/// A GitHub-flavoured Markdown table whose cells are escaped, so a `|` or a newline in a label or
/// an error message cannot break the table.
struct MarkdownTable {
    enum Alignment { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []

    init(headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? headers.map { _ in .left }
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    var rendered: String {
        var lines = [line(headers)]
        lines.append("|" + alignments.map { $0 == .right ? " ---: " : " --- " }.joined(separator: "|") + "|")
        for row in rows {
            let padded = row + Array(repeating: "", count: max(0, headers.count - row.count))
            lines.append(line(Array(padded.prefix(headers.count))))
        }
        return lines.joined(separator: "\n")
    }

    private func line(_ cells: [String]) -> String {
        "| " + cells.map(Self.escape).joined(separator: " | ") + " |"
    }

    /// Pipes are escaped; line breaks become `<br>` (GFM renders inline HTML in cells).
    static func escape(_ cell: String) -> String {
        var text = cell.replacingOccurrences(of: "\\", with: "\\\\")
        text = text.replacingOccurrences(of: "|", with: "\\|")
        text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        return lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "<br>")
    }
}
