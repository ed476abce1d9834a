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

    static let maxWidth = 205.0
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
        let available = max(0, Int((column.maxY - y) / Self.rowHeight) - (key.isEmpty ? 0 : 1))
        var shown = entries
        var hidden = 0
        if entries.count > available {
            shown = Array(entries.prefix(max(0, available - 1)))
            hidden = entries.count - shown.count
        }
        for entry in shown {
            drawRow(ctx, entry, y: y, x: column.x, textWidth: textWidth, color: .text)
            y += Self.rowHeight
        }
        if hidden > 0 {
            ctx.drawText(RichText("+\(hidden) more"), at: Point(column.x + Self.swatchWidth + 6, y + Self.rowHeight / 2),
                         size: Self.size, color: .mutedText, h: .left, v: .middle)
            y += Self.rowHeight
        }
        if !key.isEmpty {
            y += Self.rowHeight * 0.4
            for entry in key {
                drawRow(ctx, entry, y: y, x: column.x, textWidth: textWidth, color: .mutedText)
                y += Self.rowHeight
            }
        }
    }

    private func drawRow(_ ctx: ChartContext, _ entry: LegendEntry, y: Double, x: Double, textWidth: Double, color: RGBA) {
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
        let label = ctx.truncated(entry.label, size: Self.size, maxWidth: textWidth)
        ctx.drawText(RichText(label), at: Point(x + Self.swatchWidth + 6, mid), size: Self.size, color: color, h: .left, v: .middle)
    }
}
