// A legend drawn in a column beside the plot (never over the data): optional title, a style key
// (e.g. solid = validation, dashed = training) and the entries, each shortened to fit the column.

enum LegendSwatch {
    case line(RGBA, dash: [Double]?, band: Bool)
    case marker(RGBA, MarkerShape)
    case lineWithMarker(RGBA, MarkerShape)
    case box(RGBA)
}

struct LegendEntry {
    var label: String
    var swatch: LegendSwatch
}

struct Legend {
    var title: String?
    var key: [LegendEntry] = []
    var entries: [LegendEntry]

    static let maxWidth = 215.0
    static let swatchWidth = 24.0
    private static let size = ChartContext.legendSize
    private static let rowHeight = size * 1.7

    var isEmpty: Bool { entries.isEmpty && key.isEmpty }

    /// The column width the legend needs (capped; longer labels are ellipsized).
    func width(_ ctx: ChartContext) -> Double {
        var widest = title.map { ctx.width(RichText($0), size: Self.size, bold: true) } ?? 0
        for entry in key + entries {
            widest = max(widest, Self.swatchWidth + 6 + ctx.width(RichText(entry.label), size: Self.size))
        }
        return min(Self.maxWidth, widest + 4)
    }

    func draw(_ ctx: ChartContext, in column: Rect) {
        var y = column.y
        let textWidth = column.width - Self.swatchWidth - 6
        if let title {
            let text = ctx.truncated(title, size: Self.size, bold: true, maxWidth: column.width)
            ctx.drawText(RichText(text), at: Point(column.x, y), size: Self.size, bold: true, h: .left, v: .top)
            y += Self.rowHeight
        }
        let keyHeight = key.isEmpty ? 0 : Self.rowHeight * (Double(key.count) + 0.4)
        var bottom = column.maxY - keyHeight
        let wrapped = entries.map { Self.wrap(ctx, $0.label, maxWidth: textWidth) }
        // Entries that do not fit give way to a "+N more" line.
        var shown = 0, used = 0.0
        for (i, lines) in wrapped.enumerated() {
            let height = Self.height(lines: lines.count)
            let reserve = i < wrapped.count - 1 ? Self.rowHeight : 0
            if y + used + height + reserve > bottom { break }
            used += height
            shown += 1
        }
        for (entry, lines) in zip(entries.prefix(shown), wrapped) {
            drawRow(ctx, entry, lines: lines, y: y, x: column.x, color: .text)
            y += Self.height(lines: lines.count)
        }
        if shown < entries.count {
            ctx.drawText(RichText("+\(entries.count - shown) more"), at: Point(column.x + Self.swatchWidth + 6, y + Self.rowHeight / 2),
                         size: Self.size, color: .mutedText, h: .left, v: .middle)
            y += Self.rowHeight
        }
        if !key.isEmpty {
            y += Self.rowHeight * 0.4
            bottom = y
            for entry in key {
                drawRow(ctx, entry, lines: [ctx.truncated(entry.label, size: Self.size, maxWidth: textWidth)], y: y, x: column.x,
                        color: .mutedText)
                y += Self.rowHeight
            }
        }
    }

    private static let lineHeight = size * 1.25

    private static func height(lines: Int) -> Double { rowHeight + Double(max(0, lines - 1)) * (lineHeight + 1.5) }

    /// A label on one line, or on two broken at a space (the second shortened if still too long).
    static func wrap(_ ctx: ChartContext, _ label: String, maxWidth: Double) -> [String] {
        if ctx.width(RichText(label), size: size) <= maxWidth { return [label] }
        let words = label.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var first = ""
        var index = 0
        while index < words.count {
            let candidate = first.isEmpty ? words[index] : first + " " + words[index]
            if ctx.width(RichText(candidate), size: size) > maxWidth { break }
            first = candidate
            index += 1
        }
        if first.isEmpty || index == words.count { return [ctx.truncated(label, size: size, maxWidth: maxWidth)] }
        let rest = words[index...].joined(separator: " ")
        return [first, ctx.truncated(rest, size: size, maxWidth: maxWidth)]
    }

    private func drawRow(_ ctx: ChartContext, _ entry: LegendEntry, lines: [String], y: Double, x: Double, color: RGBA) {
        let mid = y + Self.rowHeight / 2
        let canvas = ctx.canvas
        let a = Point(x + 1, mid), b = Point(x + Self.swatchWidth - 1, mid)
        switch entry.swatch {
        case let .line(lineColor, dash, band):
            if band {
                canvas.fillRect(Rect(x: a.x, y: mid - 4.5, width: b.x - a.x, height: 9), lineColor.withAlpha(0.2))
            }
            canvas.strokeLine(from: a, to: b, width: 1.8, color: lineColor, dash: dash)
        case let .marker(markerColor, shape):
            canvas.drawMarker(shape, at: Point(x + Self.swatchWidth / 2, mid), size: 7, color: markerColor)
        case let .lineWithMarker(lineColor, shape):
            canvas.strokeLine(from: a, to: b, width: 1.8, color: lineColor)
            canvas.drawMarker(shape, at: Point(x + Self.swatchWidth / 2, mid), size: 6.5, color: lineColor)
        case let .box(boxColor):
            canvas.fillRect(Rect(x: x + 5, y: mid - 5, width: Self.swatchWidth - 10, height: 10), boxColor)
        }
        for (i, line) in lines.enumerated() {
            ctx.drawText(RichText(line), at: Point(x + Self.swatchWidth + 6, mid + Double(i) * Self.lineHeight), size: Self.size,
                         color: color, h: .left, v: .middle)
        }
    }
}
