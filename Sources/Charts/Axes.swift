// One plot panel: lays out tick labels and axis titles inside an outer box, maps data to logical
// coordinates, and draws grid, spines, ticks and labels (thinned so that no two labels touch).

final class Axes {
    let x: AxisScale
    let y: AxisScale
    let outer: Rect
    private(set) var plot: Rect
    let xTitle: String?
    let yTitle: String?
    let panelTitle: String?
    /// Data-independent gap between labels (logical units).
    private let labelGap = 7.0

    init(_ ctx: ChartContext, outer: Rect, x: AxisScale, y: AxisScale, xTitle: String?, yTitle: String?,
         panelTitle: String? = nil) {
        self.x = x
        self.y = y
        self.outer = outer
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.panelTitle = panelTitle
        let tickSize = ChartContext.tickSize, labelSize = ChartContext.labelSize
        let yLabelWidth = y.ticks.compactMap(\.label).map { ctx.width($0, size: tickSize) }.max() ?? 0
        let left = outer.x + (yTitle == nil ? 0 : labelSize * 1.35 + 4) + yLabelWidth + 9
        let lastXLabel = x.kind == .categorical ? 0 : (x.ticks.last(where: { $0.isMajor && x.fraction($0.value) > 0.97 })?.label)
            .map { ctx.width($0, size: tickSize) / 2 } ?? 0
        let right = outer.maxX - max(10, lastXLabel + 2)
        let top = outer.y + (panelTitle == nil ? tickSize * 0.7 : 22)
        let bottom = outer.maxY - (8 + tickSize * 1.25 + (xTitle == nil ? 0 : 6 + labelSize * 1.2))
        plot = Rect(x: left, y: top, width: max(10, right - left), height: max(10, bottom - top))
    }

    func px(_ value: Double) -> Double { plot.x + x.fraction(value) * plot.width }
    func py(_ value: Double) -> Double { plot.maxY - y.fraction(value) * plot.height }
    func point(_ xv: Double, _ yv: Double) -> Point { Point(px(xv), py(yv)) }

    /// Grid lines behind the data.
    func drawGrid(_ ctx: ChartContext) {
        let canvas = ctx.canvas
        canvas.setClip(plot)
        for tick in y.ticks {
            let yy = py(tick.value)
            guard yy >= plot.y - 0.5 && yy <= plot.maxY + 0.5 else { continue }
            canvas.strokeLine(from: Point(plot.x, yy), to: Point(plot.maxX, yy), width: tick.isMajor ? 0.75 : 0.55,
                              color: tick.isMajor ? .grid : .minorGrid)
        }
        if x.kind != .categorical {
            for tick in x.ticks {
                let xx = px(tick.value)
                guard xx >= plot.x - 0.5 && xx <= plot.maxX + 0.5 else { continue }
                canvas.strokeLine(from: Point(xx, plot.y), to: Point(xx, plot.maxY), width: tick.isMajor ? 0.75 : 0.55,
                                  color: tick.isMajor ? .grid : .minorGrid)
            }
        }
        canvas.setClip(nil)
    }

    /// Spines, ticks, tick labels, axis titles and the panel title, over the data.
    func drawFrame(_ ctx: ChartContext) {
        let canvas = ctx.canvas
        let tickSize = ChartContext.tickSize, labelSize = ChartContext.labelSize
        canvas.strokeLine(from: Point(plot.x, plot.y), to: Point(plot.x, plot.maxY), width: 0.9, color: .axis)
        canvas.strokeLine(from: Point(plot.x, plot.maxY), to: Point(plot.maxX, plot.maxY), width: 0.9, color: .axis)

        // y ticks: keep every k-th label so that labels are at least one line apart.
        let yMajors = y.ticks.filter { $0.isMajor && py($0.value) >= plot.y - 0.5 && py($0.value) <= plot.maxY + 0.5 }
        let yStride = labelStride(count: yMajors.count) { a, b in abs(py(yMajors[a].value) - py(yMajors[b].value)) >= tickSize * 1.3 }
        for (i, tick) in yMajors.enumerated() {
            let yy = py(tick.value)
            canvas.strokeLine(from: Point(plot.x - 4, yy), to: Point(plot.x, yy), width: 0.8, color: .axis)
            if i % yStride == 0, let label = tick.label {
                ctx.drawText(label, at: Point(plot.x - 7, yy), size: tickSize, color: .mutedText, h: .right, v: .middle)
            }
        }

        // x ticks: labels measured, shortened (categories) and thinned until neighbours keep a gap.
        let xMajors = x.ticks.filter { $0.isMajor && px($0.value) >= plot.x - 0.5 && px($0.value) <= plot.maxX + 0.5 }
        // Categories: label every k-th slot, with k the smallest that lets each shown name (shortened to
        // k slots if need be) keep at least a few readable characters.
        var categoryStride = 1
        if x.kind == .categorical, !xMajors.isEmpty {
            let slot = plot.width / Double(max(1, x.ticks.count))
            let fullWidths = xMajors.map { ctx.width($0.label ?? "", size: tickSize) }
            let minimumUseful = min(fullWidths.max() ?? 0, ctx.width("abcdefgh\u{2026}", size: tickSize))
            while categoryStride < xMajors.count && Double(categoryStride) * slot - labelGap < minimumUseful { categoryStride += 1 }
        }
        let slot = x.kind == .categorical
            ? Double(categoryStride) * plot.width / Double(max(1, x.ticks.count)) - labelGap : .infinity
        let labels: [RichText] = xMajors.map { tick in
            guard let label = tick.label else { return "" }
            if x.kind == .categorical { return RichText(ctx.text.truncatedMiddle(label.plain, size: tickSize, maxWidth: slot)) }
            return label
        }
        let widths = labels.map { ctx.width($0, size: tickSize) }
        let xStride = x.kind == .categorical ? categoryStride : labelStride(count: xMajors.count) { a, b in
            let gap = abs(px(xMajors[b].value) - px(xMajors[a].value))
            return gap - (widths[a] + widths[b]) / 2 >= labelGap
        }
        let labelY = plot.maxY + 7
        for (i, tick) in xMajors.enumerated() {
            let xx = px(tick.value)
            canvas.strokeLine(from: Point(xx, plot.maxY), to: Point(xx, plot.maxY + 4), width: 0.8, color: .axis)
            guard i % xStride == 0 else { continue }
            let box = ctx.textBox(labels[i], at: Point(xx, labelY), size: tickSize, h: .center, v: .top)
            if box.x >= 0 && box.maxX <= ctx.bounds.maxX {
                ctx.drawText(labels[i], at: Point(xx, labelY), size: tickSize, color: .mutedText, h: .center, v: .top)
            }
        }

        if let xTitle {
            let text = ctx.truncated(xTitle, size: labelSize, maxWidth: plot.width)
            ctx.drawText(RichText(text), at: Point(plot.midX, outer.maxY - 2), size: labelSize, color: .text, h: .center, v: .bottom)
        }
        if let yTitle {
            let text = ctx.truncated(yTitle, size: labelSize, maxWidth: plot.height)
            ctx.drawText(RichText(text), at: Point(outer.x + labelSize * 0.62, plot.midY), size: labelSize, color: .text,
                         rotated: true)
        }
        if let panelTitle {
            let text = ctx.truncated(panelTitle, size: labelSize, bold: true, maxWidth: plot.width)
            ctx.drawText(RichText(text), at: Point(plot.x, outer.y + 2), size: labelSize, bold: true, color: .text,
                         h: .left, v: .top)
        }
    }

    /// The smallest k such that showing every k-th of `count` labels keeps each shown pair apart.
    private func labelStride(count: Int, fits: (Int, Int) -> Bool) -> Int {
        guard count > 1 else { return 1 }
        for k in 1...count {
            var ok = true
            var i = 0
            while i + k < count {
                if !fits(i, i + k) { ok = false; break }
                i += k
            }
            if ok { return k }
        }
        return count
    }
}
