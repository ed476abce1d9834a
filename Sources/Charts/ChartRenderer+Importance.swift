// Horizontal bars of variance shares on a 0-100% axis: one row per bar with its label on the left
// and its percentage at the bar's end; parameters blue, pairs orange, remainders grey.
import Foundation

extension ChartRenderer {
    public static func png(_ chart: ImportanceChart) throws -> [UInt8] {
        // As tall as the bars need (34 units a row plus title and axis), so a few bars leave no empty half.
        let logical = min(500, max(240, 130 + 34 * chart.bars.count))
        return try render(height: logical * Int(defaultScale)) { drawImportance(chart, into: $0) }
    }

    static func drawImportance(_ chart: ImportanceChart, into ctx: ChartContext) {
        let frame = ChartFrame.begin(ctx, title: chart.title, subtitle: chart.subtitle, legend: nil)
        let box = frame.plotBox
        guard !chart.bars.isEmpty else {
            drawNoData(ctx, in: box, "nothing varied")
            return
        }
        let tickSize = ChartContext.tickSize, labelSize = ChartContext.labelSize
        let labels = chart.bars.map { ctx.truncated($0.label, size: tickSize, maxWidth: 260) }
        let labelWidth = labels.map { ctx.width(RichText($0), size: tickSize) }.max() ?? 0
        let valueRoom = ctx.width(RichText("100%"), size: tickSize) + 10
        let left = box.x + labelWidth + 12
        let right = box.maxX - valueRoom
        let top = box.y + 4
        let bottom = box.maxY - (8 + tickSize * 1.25 + 6 + labelSize * 1.2)
        let rowHeight = min(34, (bottom - top) / Double(chart.bars.count))
        let plotBottom = top + rowHeight * Double(chart.bars.count)
        let canvas = ctx.canvas
        func x(_ share: Double) -> Double { left + max(0, min(1, share)) * (right - left) }

        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            let xx = x(tick)
            canvas.strokeLine(from: Point(xx, top), to: Point(xx, plotBottom), width: 0.75, color: .grid)
            ctx.drawText(RichText("\(Int((tick * 100).rounded()))%"), at: Point(xx, plotBottom + 7), size: tickSize,
                         color: .mutedText, h: .center, v: .top)
        }
        ctx.drawText(RichText("share of the variance"), at: Point((left + right) / 2, plotBottom + 7 + tickSize * 1.25 + 6),
                     size: labelSize, h: .center, v: .top)
        for (row, bar) in chart.bars.enumerated() {
            let y = top + rowHeight * Double(row)
            let colour: RGBA
            switch bar.kind {
            case .parameter: colour = Palette.categorical(0)
            case .pair: colour = Palette.categorical(1)
            case .remainder: colour = .context
            }
            let rect = Rect(x: left, y: y + rowHeight * 0.18, width: x(bar.share) - left, height: rowHeight * 0.64)
            if rect.width > 0 { canvas.fillRect(rect, colour) }
            ctx.drawText(RichText(labels[row]), at: Point(left - 8, y + rowHeight / 2), size: tickSize,
                         color: bar.kind == .remainder ? .mutedText : .text, h: .right, v: .middle)
            ctx.drawText(RichText(Self.percent(bar.share)), at: Point(x(bar.share) + 5, y + rowHeight / 2), size: tickSize,
                         color: .mutedText, h: .left, v: .middle)
        }
        canvas.strokeLine(from: Point(left, top), to: Point(left, plotBottom), width: 1, color: .axis)
    }

    /// `62%`, `4.1%`, `0.3%`, `<0.1%`.
    static func percent(_ share: Double) -> String {
        let value = share * 100
        // 99.7% is not "100%": a share short of everything keeps a decimal.
        if value >= 10 && (value < 99.5 || value >= 100) { return "\(Int(value.rounded()))%" }
        if value >= 0.1 { return String(format: "%.1f%%", value) }
        return value > 0 ? "<0.1%" : "0%"
    }
}
