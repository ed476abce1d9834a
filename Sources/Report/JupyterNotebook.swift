import Foundation

/// report.ipynb: the rendered notebook as a Jupyter notebook (nbformat 4.5): Markdown cells for the
/// prose and tables, and one code cell per chart whose `display_data` output holds the PNG, so it
/// renders in JupyterLab, VS Code and on GitHub without running anything.
enum JupyterNotebook {
    static func render(_ document: ReportDocument, title: String) throws -> String {
        var cells: [[String: Any]] = []
        var images: [[UInt8]] = []
        var pendingMarkdown: [String] = []
        func flushMarkdown() {
            guard !pendingMarkdown.isEmpty else { return }
            cells.append(markdownCell(pendingMarkdown.joined(separator: "\n\n"), index: cells.count))
            pendingMarkdown = []
        }
        for block in document.blocks {
            switch block {
            case .markdown(let text):
                pendingMarkdown.append(text)
            case .chart(let chart):
                guard let png = chart.png else {
                    pendingMarkdown.append(ReportDocument.markdown(for: chart))
                    continue
                }
                flushMarkdown()
                cells.append(chartCell(chart, image: images.count, index: cells.count))
                images.append(png)
                pendingMarkdown.append("*\(chart.caption)*")
            }
        }
        flushMarkdown()
        let notebook: [String: Any] = [
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": [
                "title": title,
                "kernelspec": ["name": "python3", "display_name": "Python 3", "language": "python"],
                "language_info": ["name": "python"],
            ],
            "cells": cells,
        ]
        let data = try JSONSerialization.data(withJSONObject: notebook,
                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        guard let text = String(data: data, encoding: .utf8) else { throw ReportError("report.ipynb is not UTF-8") }
        // Base64 needs no JSON escaping (slashes are left alone), so the images go in after serialising:
        // the same bytes as serialising them, without the writer scanning every character of them.
        var output = ""
        output.reserveCapacity(text.utf8.count + images.reduce(0) { $0 + ($1.count + 2) / 3 * 4 } + 1)
        var rest = Substring(text)
        for (index, png) in images.enumerated() {
            guard let slot = rest.range(of: imageSlot(index)) else {
                throw ReportError("report.ipynb lost the image of chart \(index + 1)")
            }
            output += rest[..<slot.lowerBound]
            output += "\"image/png\" : \"" + Data(png).base64EncodedString() + "\""
            rest = rest[slot.upperBound...]
        }
        output += rest
        return output + "\n"
    }

    /// Stands for the image of chart `index` until it is spliced in. A user's text cannot produce it:
    /// their quotes come out escaped, these quotes are the serialiser's own.
    private static func imageSlot(_ index: Int) -> String { "\"image/png\" : \"gradbook-image-\(index)\"" }

    /// Jupyter stores sources as lines that keep their newline, the last one without.
    static func lines(_ text: String) -> [String] {
        var lines = text.components(separatedBy: "\n").map { $0 + "\n" }
        if var last = lines.popLast() {
            last.removeLast()
            if !last.isEmpty { lines.append(last) }
        }
        return lines
    }

    private static func markdownCell(_ text: String, index: Int) -> [String: Any] {
        ["cell_type": "markdown", "id": "cell-\(index + 1)", "metadata": [String: Any](), "source": lines(text)]
    }

    private static func chartCell(_ chart: RenderedChart, image: Int, index: Int) -> [String: Any] {
        let source = "from IPython.display import Image\nImage(filename=\"\(chart.path)\")"
        let output: [String: Any] = [
            "output_type": "display_data",
            "data": ["image/png": "gradbook-image-\(image)", "text/plain": [chart.caption]],
            "metadata": [String: Any](),
        ]
        return ["cell_type": "code", "id": "cell-\(index + 1)", "execution_count": NSNull(),
                "metadata": [String: Any](), "outputs": [output], "source": lines(source)]
    }
}
