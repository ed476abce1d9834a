// A notebook cell's chart: lines with bands, bars with error bars, or dots, one colour per series,
// in one panel or a grid of small panels that share both scales (so panels compare at a glance:
// tick labels only on the left column and the bottom row).
import Foundation

extension ChartRenderer {
    public static func png(_ chart: CellPlot) throws -> [UInt8] {
        try render { drawCellPlot(chart, into: $0) }
    }

    static func drawCellPlot(_ chart: CellPlot, into ctx: ChartContext) {
        let panels = Array(chart.panels.prefix(CellPlot.maxPanels))
        let labels = chart.seriesLabels
        func colour(_ label: String) -> RGBA { Palette.categorical(labels.firstIndex(of: label) ?? 0) }
        let allPoints = panels.flatMap { $0.series.flatMap { $0.points + $0.runs } }

        // x: epochs, numbers (log when asked and possible) or category slots.
        var categories: [String] = []
        if case let .categorical(order) = chart.xAxis {
            var present: [String] = []
            for point in allPoints { let name = Self.categoryName(point.x); if !present.contains(name) { present.append(name) } }
            categories = Self.ordered(present, by: order)
        }
        let xs = allPoints.compactMap { point -> Double? in if case let .number(v) = point.x { return v } else { return nil } }
        var logX = false
        let xScale: AxisScale
        switch chart.xAxis {
        case .epoch:
            xScale = .epochs(Int(xs.max() ?? 1))
        case .categorical:
            xScale = .categorical(categories)
        case let .numeric(log):
            logX = log && !xs.isEmpty && xs.allSatisfy { $0 > 0 }
            if logX {
                xScale = .log(xs.min()!, xs.max()!, padDecades: 0.08)
            } else {
                let lo = xs.min() ?? 0, hi = xs.max() ?? 1
                // One value (a filter kept one): centre it on an axis of half its size either side.
                let pad = hi > lo ? (hi - lo) * 0.05 : max(abs(lo) * 0.5, 1)
                xScale = .linear(lo - pad, hi + pad, targetCount: 6, extendToTicks: false)
            }
        }
        // y: every mean, interval end and run, and zero under bars (a bar's length is its value).
        var ys = allPoints.flatMap { [$0.y, $0.low, $0.high].compactMap { $0 } }.filter(\.isFinite)
        let logY = (chart.logY ?? AxisScale.prefersLog(ys, decades: 1.3)) && !ys.isEmpty && ys.allSatisfy { $0 > 0 }
        if chart.style == .bar && !logY { ys.append(0) }
        let yScale: AxisScale = logY ? .log(ys.min()!, ys.max()!) : .linear(ys.min() ?? 0, ys.max() ?? 1, targetCount: 6)

        let markedLines = panels.allSatisfy { $0.series.allSatisfy { $0.points.count <= markedPointLimit } }
        var legend = Legend(title: chart.legendTitle, entries: [])
        if labels.count > 1 || chart.legendTitle != nil {
            for label in labels {
                let swatch: LegendSwatch = switch chart.style {
                case .line: markedLines ? .lineWithMarker(colour(label), .circle) : .line(colour(label), dash: nil, band: false)
                case .scatter: .marker(colour(label), .circle)
                case .bar: .box(colour(label))
                case .interval: .marker(colour(label), .circle)
                }
                legend.entries.append(LegendEntry(label: label, swatch: swatch))
            }
        }
        if panels.contains(where: { $0.series.contains { !$0.runs.isEmpty } }) {
            legend.key.append(LegendEntry(label: "one run", swatch: .marker(RGBA.axis.withAlpha(0.45), .circle)))
        }
        let hasInterval = allPoints.contains { $0.low != nil && $0.high != nil }
        if let name = chart.intervalName, hasInterval {
            var banded = chart.style == .line
            if case .categorical = chart.xAxis { banded = false }
            legend.key.append(LegendEntry(label: name, swatch: banded ? .box(RGBA.axis.withAlpha(0.2)) : .line(.axis, dash: nil, band: false)))
        }

        let frame = ChartFrame.begin(ctx, title: chart.title, subtitle: chart.subtitle, legend: legend)
        let grid = Self.panelGrid(count: max(1, panels.count))
        let box = frame.plotBox
        let cellWidth = box.width / Double(grid.columns), cellHeight = box.height / Double(grid.rows)
        let xTitle = chart.xName + (logX ? " (log scale)" : "")
        let yTitle = chart.yName + (logY ? " (log scale)" : "")
        for index in 0..<max(1, panels.count) {
            let row = index / grid.columns, column = index % grid.columns
            let outer = Rect(x: box.x + Double(column) * cellWidth, y: box.y + Double(row) * cellHeight,
                             width: cellWidth - (column < grid.columns - 1 ? 10 : 0), height: cellHeight - (row < grid.rows - 1 ? 6 : 0))
            // Axis titles once per row and column of panels; the bottom-most panel of each column has the x title.
            let lowest = index + grid.columns >= max(1, panels.count)
            let axes = Axes(ctx, outer: outer, x: xScale, y: yScale,
                            xTitle: lowest ? xTitle : nil, yTitle: column == 0 ? yTitle : nil,
                            panelTitle: panels.isEmpty ? nil : panels[index].title)
            axes.drawGrid(ctx)
            if panels.isEmpty || panels[index].series.allSatisfy({ $0.points.isEmpty && $0.runs.isEmpty }) {
                drawNoData(ctx, in: axes.plot, "no finished runs to plot")
            } else {
                drawPanel(panels[index], chart: chart, axes: axes, colour: colour, categories: categories, labels: labels,
                          markLines: markedLines, canvas: ctx.canvas)
            }
            axes.drawFrame(ctx)
        }
        if let column = frame.legendColumn { legend.draw(ctx, in: column) }
    }

    private static func drawPanel(_ panel: CellPlot.Panel, chart: CellPlot, axes: Axes, colour: (String) -> RGBA,
                                  categories: [String], labels: [String], markLines: Bool, canvas: Canvas) {
        let categorical = axes.x.kind == .categorical
        func x(_ value: AxisValue) -> Double? {
            switch value {
            case let .number(v): return categorical ? categories.firstIndex(of: Self.categoryName(value)).map(Double.init) : v
            case .category: return categories.firstIndex(of: Self.categoryName(value)).map(Double.init)
            }
        }
        func y(_ value: Double) -> Double { axes.y.kind == .log && value <= 0 ? .nan : axes.py(value) }
        canvas.setClip(axes.plot.insetBy(-6))
        defer { canvas.setClip(nil) }
        // Side by side within a category slot: each series of the chart keeps its place in every panel.
        let slot = axes.plot.width / Double(max(1, categories.count))
        let seriesCount = Double(max(1, labels.count))
        func offset(_ label: String) -> Double {
            guard categorical, labels.count > 1 else { return 0 }
            let width = chart.style == .bar ? slot * 0.78 / seriesCount : min(34, slot * 0.6 / seriesCount)
            return (Double(labels.firstIndex(of: label) ?? 0) - (seriesCount - 1) / 2) * width
        }
        let barWidth = slot * 0.78 / seriesCount * 0.86

        for series in panel.series {
            let c = colour(series.label)
            let shift = offset(series.label)
            let points = series.points.compactMap { p -> (x: Double, p: CellPlot.Point)? in x(p.x).map { ($0, p) } }
                .sorted { $0.x < $1.x }
            for run in series.runs {
                guard let rx = x(run.x) else { continue }
                // Runs of a category spread a little to the right of the mean, so both stay visible.
                canvas.fillCircle(center: Point(axes.px(rx) + shift + (categorical ? 6 : 0), y(run.y)),
                                  radius: chart.style == .scatter ? 3.2 : 2.3, color: c.withAlpha(chart.style == .scatter ? 0.7 : 0.42))
            }
            switch chart.style {
            case .scatter:
                for point in points { canvas.fillCircle(center: Point(axes.px(point.x) + shift, y(point.p.y)), radius: 3.2, color: c.withAlpha(0.75)) }
            case .bar:
                let base = axes.y.kind == .log ? axes.plot.maxY : y(0)
                for point in points {
                    let cx = axes.px(point.x) + shift, top = y(point.p.y)
                    guard top.isFinite else { continue }
                    canvas.fillRect(Rect(x: cx - barWidth / 2, y: min(top, base), width: barWidth, height: abs(base - top)), c.withAlpha(0.85))
                    errorBar(point.p, at: cx, y: y, colour: .text, canvas: canvas)
                }
            case .interval:
                for point in points {
                    let cx = axes.px(point.x) + shift
                    errorBar(point.p, at: cx, y: y, colour: c, canvas: canvas)
                    canvas.fillCircle(center: Point(cx, y(point.p.y)), radius: 4.2, color: c)
                }
            case .line:
                if !categorical {
                    let lower = points.map { p in Point(axes.px(p.x), p.p.low.map(y) ?? .nan) }
                    let upper = points.map { p in Point(axes.px(p.x), p.p.high.map(y) ?? .nan) }
                    fillBand(canvas, lower: lower, upper: upper, colour: c.withAlpha(0.16))
                    // A band needs two neighbouring intervals: a lone one is drawn as an error bar.
                    for (i, point) in points.enumerated() where point.p.low != nil {
                        let before = i > 0 && points[i - 1].p.low != nil, after = i + 1 < points.count && points[i + 1].p.low != nil
                        if !before && !after { errorBar(point.p, at: axes.px(point.x), y: y, colour: c, canvas: canvas) }
                    }
                } else {
                    for point in points { errorBar(point.p, at: axes.px(point.x) + shift, y: y, colour: c, canvas: canvas) }
                }
                let means = points.map { Point(axes.px($0.x) + shift, y($0.p.y)) }
                canvas.strokePolyline(means, width: 2.0, color: c)
                // Markers where points are few enough to read as points (not on every epoch of a long curve);
                // decided for the whole chart, so curves of one chart look alike.
                if markLines { for m in means { canvas.fillCircle(center: m, radius: 3.4, color: c) } }
            }
        }
    }

    private static func errorBar(_ point: CellPlot.Point, at cx: Double, y: (Double) -> Double, colour: RGBA, canvas: Canvas) {
        guard let low = point.low, let high = point.high, high > low else { return }
        let (a, b) = (y(low), y(high))
        guard a.isFinite, b.isFinite else { return }
        canvas.strokeLine(from: Point(cx, a), to: Point(cx, b), width: 1.4, color: colour)
        canvas.strokeLine(from: Point(cx - 4, a), to: Point(cx + 4, a), width: 1.4, color: colour)
        canvas.strokeLine(from: Point(cx - 4, b), to: Point(cx + 4, b), width: 1.4, color: colour)
    }

    /// Lines with more points than this (learning curves of many epochs) are drawn without markers.
    static let markedPointLimit = 15

    /// 1 to 3 panels in a row; then two rows; then three; at most 3 x 4.
    static func panelGrid(count: Int) -> (rows: Int, columns: Int) {
        switch count {
        case ...3: return (1, max(1, count))
        case 4: return (2, 2)
        case 5...6: return (2, 3)
        case 7...9: return (3, 3)
        default: return (3, 4)
        }
    }

    static func categoryName(_ value: AxisValue) -> String {
        switch value {
        case let .category(name): return name
        case let .number(v): return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
        }
    }
}
