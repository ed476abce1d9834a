// Metric against one swept parameter: a dot per run, a line through the means, colour by a second
// parameter; categorical parameters as mean dots with min-max error bars. A many-valued numeric
// parameter (random search) gets a binned trend instead of the line: median per bin with an
// interquartile band, over all runs, and at most `maxDrawnPoints` dots.
import Foundation

extension ChartRenderer {
    static func drawMetricChart(_ chart: MetricVsParameterChart, into ctx: ChartContext) {
        let points = chart.points.filter { $0.y.isFinite }
        let isCategorical = points.contains { if case .category = $0.x { return true } else { return false } }
        var groups: [String?] = []
        for p in points where !groups.contains(p.group) { groups.append(p.group) }
        groups = Self.ordered(groups, by: chart.groupOrder)
        if groups.isEmpty { groups = [nil] }
        let grouped = groups.count > 1 || groups.first! != nil
        func colour(_ group: String?) -> RGBA {
            grouped ? Palette.categorical(groups.firstIndex(of: group) ?? 0) : Palette.categorical(0)
        }

        // x: category slots in order of appearance (numbers mixed into a categorical sweep become names),
        // or numbers (log when asked or spanning 2 decades).
        func categoryName(_ p: ParameterPoint) -> String {
            switch p.x {
            case let .category(name): return name
            case let .number(v): return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
            }
        }
        var categories: [String] = []
        if isCategorical {
            for p in points where !categories.contains(categoryName(p)) { categories.append(categoryName(p)) }
            categories = Self.ordered(categories, by: chart.categoryOrder)
        }
        func categoryIndex(_ p: ParameterPoint) -> Double { Double(categories.firstIndex(of: categoryName(p)) ?? 0) }
        func xValue(_ p: ParameterPoint) -> Double? {
            if case let .number(v) = p.x { return v }
            return nil
        }
        let xs = points.compactMap { p -> Double? in if case let .number(v) = p.x { return v } else { return nil } }
        let positive = xs.filter { $0 > 0 }
        let useLogX = !isCategorical && !positive.isEmpty && positive.count == xs.count
            && (chart.logX || (positive.max()! / positive.min()! >= 100))
        let xScale: AxisScale
        if isCategorical {
            xScale = .categorical(categories)
        } else if useLogX {
            xScale = .log(positive.min()!, positive.max()!, padDecades: 0.08)
        } else {
            let lo = xs.min() ?? 0, hi = xs.max() ?? 1
            let pad = max((hi - lo) * 0.05, 1e-9)
            xScale = .linear(lo - pad, hi + pad, targetCount: 7, extendToTicks: false)
        }
        let ys = points.map(\.y)
        let useLogY = AxisScale.prefersLog(ys, decades: 1.3)
        let yScale: AxisScale = useLogY
            ? .log(ys.min() ?? 0.1, ys.max() ?? 1)
            : .linear(ys.min() ?? 0, ys.max() ?? 1, targetCount: 6)

        var legend = Legend(title: grouped ? chart.groupName : nil, entries: [])
        if grouped {
            for g in groups {
                legend.entries.append(LegendEntry(label: g ?? "(none)", swatch: isCategorical || chart.binnedTrend ? .marker(colour(g), .circle)
                                                    : .lineWithMarker(colour(g), .circle)))
            }
        }
        let binned = chart.binnedTrend && !isCategorical
        legend.key.append(LegendEntry(label: "one run", swatch: .marker(RGBA.axis.withAlpha(0.45), .circle)))
        if binned {
            legend.key.append(LegendEntry(label: "median per bin", swatch: .lineWithMarker(.text, .circle)))
            legend.key.append(LegendEntry(label: "band: 25th\u{2013}75th percentile", swatch: .box(RGBA.text.withAlpha(0.16))))
        } else {
            legend.key.append(LegendEntry(label: isCategorical ? "mean, bar: min\u{2013}max" : "mean over runs",
                                          swatch: isCategorical ? .marker(.axis, .circle) : .lineWithMarker(.axis, .circle)))
        }

        let frame = ChartFrame.begin(ctx, title: chart.title, legend: legend)
        let axes = Axes(ctx, outer: frame.plotBox, x: xScale, y: yScale,
                        xTitle: chart.parameterName + (useLogX ? " (log scale)" : ""),
                        yTitle: chart.metricName + (useLogY ? " (log scale)" : ""))
        axes.drawGrid(ctx)
        let canvas = ctx.canvas
        canvas.setClip(axes.plot.insetBy(-6))
        func yPos(_ v: Double) -> Double { useLogY && v <= 0 ? .nan : axes.py(v) }

        if binned {
            drawBinnedRuns(points, groups: groups, colour: colour, axes: axes, yPos: yPos, logX: useLogX, canvas: canvas)
            canvas.setClip(nil)
            if points.isEmpty { drawNoData(ctx, in: axes.plot, "no finished runs to plot") }
            axes.drawFrame(ctx)
            if let column = frame.legendColumn { legend.draw(ctx, in: column) }
            return
        }
        for (gi, group) in groups.enumerated() {
            let members = points.filter { $0.group == group }
            let c = colour(group)
            if isCategorical {
                // Each group gets its own offset within a category's slot; runs spread beside the mean.
                let slotWidth = axes.plot.width / Double(max(1, categories.count))
                let offset = groups.count > 1 ? (Double(gi) - Double(groups.count - 1) / 2) * min(48, slotWidth * 0.55 / Double(groups.count)) : 0
                for (ci, _) in categories.enumerated() {
                    let values = members.filter { categoryIndex($0) == Double(ci) }.map(\.y)
                    guard !values.isEmpty else { continue }
                    let cx = axes.px(Double(ci)) + offset
                    for (k, v) in values.enumerated() {
                        let spread = values.count > 1 ? (Double(k) / Double(values.count - 1) - 0.5) * 6 : 0
                        canvas.fillCircle(center: Point(cx + 7.5 + spread * 0.6, yPos(v)), radius: 2.2, color: c.withAlpha(0.45))
                    }
                    let mean = values.reduce(0, +) / Double(values.count)
                    if let lo = values.min(), let hi = values.max(), hi > lo {
                        canvas.strokeLine(from: Point(cx, yPos(lo)), to: Point(cx, yPos(hi)), width: 1.4, color: c)
                        canvas.strokeLine(from: Point(cx - 3.5, yPos(lo)), to: Point(cx + 3.5, yPos(lo)), width: 1.4, color: c)
                        canvas.strokeLine(from: Point(cx - 3.5, yPos(hi)), to: Point(cx + 3.5, yPos(hi)), width: 1.4, color: c)
                    }
                    canvas.fillCircle(center: Point(cx, yPos(mean)), radius: 4, color: c)
                }
            } else {
                var byX: [Double: [Double]] = [:]
                for p in members { if let x = xValue(p) { byX[x, default: []].append(p.y) } }
                let sortedX = byX.keys.sorted()
                for x in sortedX {
                    for v in byX[x]! { canvas.fillCircle(center: Point(axes.px(x), yPos(v)), radius: 2.4, color: c.withAlpha(0.4)) }
                }
                let means = sortedX.map { x in Point(axes.px(x), yPos(byX[x]!.reduce(0, +) / Double(byX[x]!.count))) }
                canvas.strokePolyline(means, width: 1.9, color: c)
                for m in means { canvas.fillCircle(center: m, radius: 3.6, color: c) }
            }
        }
        canvas.setClip(nil)
        if points.isEmpty { drawNoData(ctx, in: axes.plot, "no finished runs to plot") }
        axes.drawFrame(ctx)
        if let column = frame.legendColumn { legend.draw(ctx, in: column) }
    }

    /// Dots beyond this many are thinned (evenly, deterministically); the trend uses every run.
    static let maxDrawnPoints = 3000

    /// Dots coloured by group, then one trend over all runs in the text colour: per-group trends of
    /// several groups would cross and hide each other; the colours still show the interaction.
    private static func drawBinnedRuns(_ points: [ParameterPoint], groups: [String?], colour: (String?) -> RGBA,
                                       axes: Axes, yPos: (Double) -> Double, logX: Bool, canvas: Canvas) {
        let numeric = points.compactMap { p -> (x: Double, y: Double, group: String?)? in
            if case let .number(x) = p.x { return (x, p.y, p.group) }
            return nil
        }
        // Small faint dots: at 2,000 runs they read as a density, not as a blot.
        let alpha = numeric.count > 500 ? 0.28 : 0.4
        let radius = numeric.count > 500 ? 1.7 : 2.4
        for index in DeterministicSample.indices(count: numeric.count, limit: maxDrawnPoints) {
            let p = numeric[index]
            canvas.fillCircle(center: Point(axes.px(p.x), yPos(p.y)), radius: radius, color: colour(p.group).withAlpha(alpha))
        }
        let trend = BinnedTrend(points: numeric.map { ($0.x, $0.y) }, log: logX)
        guard !trend.bins.isEmpty else { return }
        let upper = trend.bins.map { Point(axes.px($0.center), yPos($0.upperQuartile)) }
        let lower = trend.bins.reversed().map { Point(axes.px($0.center), yPos($0.lowerQuartile)) }
        if trend.bins.count > 1 { canvas.fillPolygon(upper + lower, RGBA.text.withAlpha(0.16)) }
        let medians = trend.bins.map { Point(axes.px($0.center), yPos($0.median)) }
        canvas.strokePolyline(medians, width: 2.2, color: .text)
        for m in medians { canvas.fillCircle(center: m, radius: 3.4, color: .text) }
    }

    /// `present` with the names `order` lists first, in that order; the rest keep their order.
    static func ordered(_ present: [String?], by order: [String]) -> [String?] {
        guard !order.isEmpty else { return present }
        var listed: [String?] = []
        for name in order where present.contains(name) && !listed.contains(name) { listed.append(name) }
        return listed + present.filter { !listed.contains($0) }
    }

    static func ordered(_ present: [String], by order: [String]) -> [String] {
        ordered(present.map(Optional.some), by: order).compactMap { $0 }
    }
}