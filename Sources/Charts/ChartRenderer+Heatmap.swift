// A heat map of the mean metric over two swept parameters: viridis cells with their values written in
// a contrasting colour, the best cell outlined, and a colour bar.
import Foundation

extension ChartRenderer {
    static func drawHeatmap(_ chart: HeatmapChart, into ctx: ChartContext) {
        let finite = chart.values.flatMap { $0.compactMap { $0 } }.filter(\.isFinite)
        let lo = finite.min() ?? 0, hi = finite.max() ?? 1
        let best = chart.higherIsBetter ? finite.max() : finite.min()
        let logColours = AxisScale.prefersLog(finite, decades: 1)
        let subtitle = "mean \(chart.metricName) per cell; the best (\(chart.higherIsBetter ? "highest" : "lowest")) is outlined"
            + (logColours ? "; colours on a log scale" : "")
        let frame = ChartFrame.begin(ctx, title: chart.title, subtitle: subtitle, legend: nil)
        guard chart.yLabels.count > 0, chart.xLabels.count > 0 else {
            drawNoData(ctx, in: frame.plotBox, "no finished runs to plot")
            return
        }
        // Values spanning more than a decade (losses) get a log colour scale so one bad cell cannot
        // flatten the rest into one colour.
        let colourBar = ColourBar(lower: lo, upper: hi, log: logColours)
        let barWidth = 12.0
        let grid = drawHeatmapGrid(chart, into: ctx, box: frame.plotBox, rightMargin: 22 + barWidth + 6 + colourBar.labelWidth(ctx),
                                   colourBar: colourBar, best: best, heading: nil)
        if !finite.isEmpty {
            colourBar.draw(ctx, in: Rect(x: grid.maxX + 22, y: grid.y, width: barWidth, height: grid.height))
        }
    }

    /// The cells of one heat map, its labels and axis titles, inside `box` less `rightMargin` on the
    /// right; `heading` (a panel's name) above the cells. Returns the rectangle of the cells.
    @discardableResult
    static func drawHeatmapGrid(_ chart: HeatmapChart, into ctx: ChartContext, box: Rect, rightMargin: Double,
                                colourBar: ColourBar, best: Double?, heading: String?) -> Rect {
        let rows = chart.yLabels.count, columns = chart.xLabels.count
        let tickSize = ChartContext.tickSize, labelSize = ChartContext.labelSize
        var top = box.y
        if let heading {
            let text = ctx.truncated(heading, size: labelSize, bold: true, maxWidth: box.width - rightMargin)
            let drawn = ctx.drawText(RichText(text), at: Point(box.x + (box.width - rightMargin) / 2, box.y + 2), size: labelSize,
                                     bold: true, h: .center, v: .top)
            top = drawn.maxY + 2
        }
        guard rows > 0, columns > 0 else {
            drawNoData(ctx, in: Rect(x: box.x, y: top, width: box.width - rightMargin, height: box.maxY - top), "no finished runs")
            return Rect(x: box.x, y: top, width: 0, height: 0)
        }

        // Layout: y title and labels on the left, x labels and title below, the colour bar on the right.
        let yLabelMax = 130.0
        let yLabels = chart.yLabels.map { ctx.truncated($0, size: tickSize, maxWidth: yLabelMax) }
        let yLabelWidth = yLabels.map { ctx.width(RichText($0), size: tickSize) }.max() ?? 0
        let gridLeft = box.x + labelSize * 1.35 + 6 + yLabelWidth + 8
        let gridRight = box.maxX - rightMargin
        let gridTop = top + 6
        let gridBottom = box.maxY - (8 + tickSize * 1.25 + 6 + labelSize * 1.2)
        var cellW = (gridRight - gridLeft) / Double(columns), cellH = (gridBottom - gridTop) / Double(rows)
        cellW = min(cellW, cellH * 2.6)          // cells no wider than ~2.6x their height
        cellH = min(cellH, cellW * 1.2)
        let grid = Rect(x: gridLeft, y: gridTop, width: cellW * Double(columns), height: cellH * Double(rows))
        let canvas = ctx.canvas

        func cellRect(_ r: Int, _ c: Int) -> Rect {
            // Row 0 at the bottom, like a y axis.
            Rect(x: grid.x + Double(c) * cellW, y: grid.maxY - Double(r + 1) * cellH, width: cellW, height: cellH)
        }
        var bestRect: Rect? = nil
        for r in 0..<rows {
            for c in 0..<columns {
                let rect = cellRect(r, c).insetBy(0.75)
                let value = r < chart.values.count && c < chart.values[r].count ? chart.values[r][c] : nil
                guard let value, value.isFinite else {
                    canvas.fillRect(rect, .missing)
                    ctx.drawText("\u{2013}", at: Point(rect.midX, rect.midY), size: ChartContext.cellSize, color: .mutedText,
                                 h: .center, v: .middle)
                    continue
                }
                let fill = Palette.viridis(colourBar.fraction(value))
                canvas.fillRect(rect, fill)
                if value == best && bestRect == nil { bestRect = rect }
                let textColour: RGBA = fill.luminance > 0.33 ? .text : .white
                let text = RichText(formatCell(value))
                var size = ChartContext.cellSize
                while size > 6.5 && ctx.width(text, size: size) > rect.width - 6 { size -= 0.5 }
                if ctx.width(text, size: size) <= rect.width - 4 && rect.height >= size * 1.2 {
                    ctx.drawText(text, at: Point(rect.midX, rect.midY), size: size, bold: value == best, color: textColour,
                                 h: .center, v: .middle)
                }
            }
        }
        if let bestRect {
            let r = bestRect.insetBy(1.2)
            canvas.strokePolyline([Point(r.x, r.y), Point(r.maxX, r.y), Point(r.maxX, r.maxY), Point(r.x, r.maxY), Point(r.x, r.y)],
                                  width: 2.4, color: RGBA(hex: 0xD55E00))
        }

        // Labels: y right-aligned beside the rows (thinned if rows are short), x centred under columns.
        let yStep = max(1, Int((tickSize * 1.3 / cellH).rounded(.up)))
        for r in stride(from: 0, to: rows, by: yStep) {
            ctx.drawText(RichText(yLabels[r]), at: Point(grid.x - 8, cellRect(r, 0).midY), size: tickSize, color: .mutedText,
                         h: .right, v: .middle)
        }
        let xLabels = chart.xLabels.map { ctx.truncated($0, size: tickSize, maxWidth: max(cellW - 4, 20)) }
        let widest = xLabels.map { ctx.width(RichText($0), size: tickSize) }.max() ?? 0
        let xStep = max(1, Int(((widest + 6) / cellW).rounded(.up)))
        for c in stride(from: 0, to: columns, by: xStep) {
            ctx.drawText(RichText(xLabels[c]), at: Point(cellRect(0, c).midX, grid.maxY + 7), size: tickSize, color: .mutedText,
                         h: .center, v: .top)
        }
        ctx.drawText(RichText(ctx.truncated(chart.xName, size: labelSize, maxWidth: grid.width + 40)),
                     at: Point(grid.midX, grid.maxY + 7 + tickSize * 1.25 + 6), size: labelSize, h: .center, v: .top)
        ctx.drawText(RichText(ctx.truncated(chart.yName, size: labelSize, maxWidth: grid.height)),
                     at: Point(box.x + labelSize * 0.62, grid.midY), size: labelSize, rotated: true)
        return grid
    }

    /// Three significant digits, trailing zeros kept so a column of cells reads alike (0.500, 0.0874).
    static func formatCell(_ v: Double) -> String {
        let a = abs(v)
        let text: String
        if a >= 1e5 { text = String(format: "%.2e", v) }
        else if a >= 100 { text = String(format: "%.0f", v) }
        else if a >= 0.001 { text = String(format: "%#.3g", v) }
        else if a == 0 { text = "0" }
        else { text = String(format: "%.2e", v) }
        return text.replacingOccurrences(of: "-", with: "\u{2212}")
    }
}

/// A vertical viridis strip with linear ticks on its right.
struct ColourBar {
    let lower: Double
    let upper: Double
    let log: Bool

    var scale: AxisScale {
        if log { return AxisScale.log(lower, upper, padDecades: 0) }
        return AxisScale.linear(lower, upper > lower ? upper : lower + 1, targetCount: 5, extendToTicks: false)
    }

    /// Position of a value along the bar, 0 at the bottom.
    func fraction(_ value: Double) -> Double {
        guard upper > lower else { return 0.5 }
        return log ? (log10(value) - log10(lower)) / (log10(upper) - log10(lower)) : (value - lower) / (upper - lower)
    }

    func labelWidth(_ ctx: ChartContext) -> Double {
        scale.ticks.compactMap(\.label).map { ctx.width($0, size: ChartContext.tickSize) }.max() ?? 0
    }

    func draw(_ ctx: ChartContext, in rect: Rect) {
        let canvas = ctx.canvas
        // One whole-pixel stripe per row, so neighbouring stripes never blend at shared edges.
        let top = (rect.y * canvas.scale).rounded(), bottom = (rect.maxY * canvas.scale).rounded()
        let rows = max(1, Int(bottom - top))
        for i in 0..<rows {
            let t = (Double(i) + 0.5) / Double(rows)
            canvas.fillRect(Rect(x: (rect.x * canvas.scale).rounded() / canvas.scale, y: (bottom - Double(i + 1)) / canvas.scale,
                                 width: (rect.width * canvas.scale).rounded() / canvas.scale, height: 1 / canvas.scale),
                            Palette.viridis(t))
        }
        let s = scale
        var lastLabelY = Double.infinity
        for tick in s.ticks {
            let y = rect.maxY - fraction(tick.value) * rect.height
            guard y >= rect.y - 0.5 && y <= rect.maxY + 0.5 else { continue }
            if let label = tick.label, lastLabelY - y >= ChartContext.tickSize * 1.3 {
                canvas.strokeLine(from: Point(rect.maxX, y), to: Point(rect.maxX + 3, y), width: 0.8, color: .axis)
                ctx.drawText(label, at: Point(rect.maxX + 6, y), size: ChartContext.tickSize, color: .mutedText, h: .left, v: .middle)
                lastLabelY = y
            }
        }
    }
}
