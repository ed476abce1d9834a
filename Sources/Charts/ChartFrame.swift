// The page of a chart: title (and optional subtitle) on top, the legend column on the right, and the
// box left for the plot panels.

struct ChartFrame {
    let plotBox: Rect
    let legendColumn: Rect?

    static let margin = 14.0

    /// Draws the title and subtitle and returns the remaining layout.
    static func begin(_ ctx: ChartContext, title: String, subtitle: String? = nil, legend: Legend?) -> ChartFrame {
        let bounds = ctx.bounds
        let titleText = ctx.truncated(title, size: ChartContext.titleSize, bold: true, maxWidth: bounds.width - 2 * margin)
        let titleBox = ctx.drawText(RichText(titleText), at: Point(margin, 11), size: ChartContext.titleSize, bold: true,
                                    h: .left, v: .top)
        var top = titleBox.maxY + 6
        if let subtitle {
            let text = ctx.truncated(subtitle, size: ChartContext.tickSize, maxWidth: bounds.width - 2 * margin)
            let box = ctx.drawText(RichText(text), at: Point(margin, top), size: ChartContext.tickSize, color: .mutedText,
                                   h: .left, v: .top)
            top = box.maxY + 6
        }
        var right = bounds.maxX - margin
        var column: Rect? = nil
        if let legend, !legend.isEmpty {
            let width = legend.width(ctx)
            column = Rect(x: right - width, y: top + 8, width: width, height: bounds.maxY - margin - top - 8)
            right -= width + 16
        }
        return ChartFrame(plotBox: Rect(x: margin - 2, y: top, width: right - margin + 2, height: bounds.maxY - margin + 4 - top),
                          legendColumn: column)
    }
}
