// Parallel coordinates: one vertical axis per swept parameter and the metric last, one polyline per
// variant coloured by its metric (viridis, with a colour bar), drawn worst first so the best lie on
// top, the best one emphasised. At thousands of variants the lines are thin and translucent, and on
// categorical axes they spread over a band around their label so that a bundle shows its width.
import Foundation

extension ChartRenderer {
    public static func png(_ chart: ParallelCoordinatesChart) throws -> [UInt8] {
        try render { drawParallelCoordinates(chart, into: $0) }
    }

    static func drawParallelCoordinates(_ chart: ParallelCoordinatesChart, into ctx: ChartContext) {
        let lines = chart.lines.filter(\.metric.isFinite)
        let goal = chart.higherIsBetter ? "highest" : "lowest"
        let subtitle = "one line per variant (\(lines.count)), coloured by \(chart.metricName), the best tenth drawn strongest; the best (\(goal)) in red"
        let frame = ChartFrame.begin(ctx, title: chart.title, subtitle: subtitle, legend: nil)
        let box = frame.plotBox
        guard !lines.isEmpty, !chart.axes.isEmpty else {
            drawNoData(ctx, in: box, "no finished runs to plot")
            return
        }
        let metrics = lines.map(\.metric)
        let logMetric = AxisScale.prefersLog(metrics, decades: 1.3)
        let metricScale: AxisScale = logMetric ? .log(metrics.min()!, metrics.max()!, padDecades: 0.02)
            : .linear(metrics.min()!, metrics.max()!, targetCount: 6, extendToTicks: false)
        var scales = chart.axes.map { axis in Self.parallelScale(axis, lines: lines, index: chart.axes.firstIndex(of: axis)!) }
        scales.append(metricScale)
        let names = chart.axes.map(\.name) + [chart.metricName]
        let colourBar = ColourBar(lower: metrics.min()!, upper: metrics.max()!, log: logMetric)

        // Layout: axis names on top, tick labels left of each axis, the colour bar on the right.
        let tickSize = ChartContext.tickSize * 0.92
        let firstLabels = scales[0].ticks.compactMap(\.label).map { ctx.width($0, size: tickSize) }.max() ?? 0
        let barWidth = 11.0
        let left = box.x + max(24, firstLabels + 12), right = box.maxX - (barWidth + 12 + colourBar.labelWidth(ctx) + 30)
        let top = box.y + 30, bottom = box.maxY - 10
        let spacing = names.count > 1 ? (right - left) / Double(names.count - 1) : 0
        let xs = names.indices.map { left + Double($0) * spacing }
        func y(_ fraction: Double) -> Double { bottom - max(-0.02, min(1.02, fraction)) * (bottom - top) }

        // Lines, worst first; each line's vertical positions computed once.
        let order = lines.indices.sorted { a, b in
            let (x, y) = (lines[a].metric, lines[b].metric)
            if x != y { return chart.higherIsBetter ? x < y : x > y }
            return a < b
        }
        // Thousands of similar lines make one blanket in the colour of the common value: the worse
        // half fades further, the best tenth is drawn stronger, so the best region shows its shape.
        let count = Double(lines.count)
        let alpha = max(0.14, min(0.85, 9 / count.squareRoot()))
        let width = lines.count > 300 ? 0.8 : 1.3
        func style(rank: Int) -> (alpha: Double, width: Double) {
            guard lines.count > 100 else { return (alpha, width) }
            let fraction = Double(rank) / count
            if fraction < 0.5 { return (alpha * 0.55, width) }
            if fraction >= 0.9 { return (min(0.9, alpha * 2.6), width * 1.5) }
            return (alpha, width)
        }
        let canvas = ctx.canvas
        func path(_ index: Int) -> [Point?] {
            let line = lines[index]
            var points: [Point?] = chart.axes.indices.map { axis in
                guard axis < line.values.count, let value = line.values[axis],
                      let fraction = Self.fraction(value, on: scales[axis]) else { return nil }
                var f = fraction
                if case let .categorical(labels) = chart.axes[axis].kind, lines.count > 30 {
                    f += Self.jitter(index, axis) * 0.32 / Double(max(1, labels.count))
                }
                return Point(xs[axis], y(f))
            }
            points.append(Point(xs[names.count - 1], y(metricScale.fraction(line.metric))))
            return points
        }
        func stroke(_ points: [Point?], width: Double, color: RGBA) {
            var run: [Point] = []
            for point in points + [nil] {
                if let point { run.append(point); continue }
                if run.count > 1 { canvas.strokePolyline(run, width: width, color: color) }
                run = []
            }
        }
        for (rank, index) in order.dropLast().enumerated() {
            let look = style(rank: rank)
            stroke(path(index), width: look.width, color: Palette.viridis(colourBar.fraction(lines[index].metric)).withAlpha(look.alpha))
        }
        // Axes over the bundle, then the best line over both.
        for (axis, x) in xs.enumerated() {
            canvas.strokeLine(from: Point(x, top), to: Point(x, bottom), width: 1.0, color: .axis)
            drawParallelTicks(ctx, scale: scales[axis], x: x, y: y, size: tickSize)
            let name = ctx.truncated(names[axis], size: ChartContext.labelSize, bold: axis == names.count - 1,
                                     maxWidth: max(40, spacing - 8))
            ctx.drawText(RichText(name), at: Point(x, top - 12), size: ChartContext.labelSize, bold: axis == names.count - 1,
                         h: .center, v: .bottom)
        }
        if let best = order.last {
            let points = path(best)
            stroke(points, width: 4.2, color: .white)
            stroke(points, width: 2.4, color: RGBA(hex: 0xD55E00))
            for case let point? in points { canvas.fillCircle(center: point, radius: 3.2, color: RGBA(hex: 0xD55E00)) }
        }
        colourBar.draw(ctx, in: Rect(x: right + 28, y: top, width: barWidth, height: bottom - top))
    }

    /// The axis of one parameter: its categories evenly spaced, or a linear / log scale over the
    /// values the lines take.
    static func parallelScale(_ axis: ParallelCoordinatesChart.Axis, lines: [ParallelCoordinatesChart.Line], index: Int) -> AxisScale {
        switch axis.kind {
        case let .categorical(labels):
            return .categorical(labels)
        case let .numeric(log):
            let values = lines.compactMap { line -> Double? in
                guard index < line.values.count, case let .number(v)? = line.values[index], v.isFinite else { return nil }
                return v
            }
            let positive = values.filter { $0 > 0 }
            if log, !positive.isEmpty, positive.count == values.count {
                return .log(positive.min()!, positive.max()!, padDecades: 0.02)
            }
            return .linear(values.min() ?? 0, values.max() ?? 1, targetCount: 6, extendToTicks: false)
        }
    }

    /// Where a value sits on its axis, 0 at the bottom; nil for a category the axis does not list.
    static func fraction(_ value: AxisValue, on scale: AxisScale) -> Double? {
        switch (value, scale.kind) {
        case let (.category(name), .categorical):
            guard let slot = scale.ticks.firstIndex(where: { $0.label?.plain == name }) else { return nil }
            return scale.fraction(Double(slot))
        case let (.number(v), .categorical):
            let name = v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
            return fraction(.category(name), on: scale)
        case let (.number(v), _):
            let f = scale.fraction(v)
            return f.isFinite ? f : nil
        case (.category, _):
            return nil
        }
    }

    /// A fixed offset in [-1, 1] per (line, axis): the same picture every time.
    static func jitter(_ line: Int, _ axis: Int) -> Double {
        var z = UInt64(truncatingIfNeeded: line) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(truncatingIfNeeded: axis) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53) * 2 - 1
    }

    private static func drawParallelTicks(_ ctx: ChartContext, scale: AxisScale, x: Double, y: (Double) -> Double, size: Double) {
        var lastY = Double.infinity
        for tick in scale.ticks {
            guard let label = tick.label else { continue }
            let f = scale.fraction(tick.value)
            guard f >= -0.001 && f <= 1.001 else { continue }
            let yy = y(f)
            ctx.canvas.strokeLine(from: Point(x - 3, yy), to: Point(x, yy), width: 0.8, color: .axis)
            guard lastY - yy >= size * 1.25 else { continue }
            let text = scale.kind == .categorical ? RichText(ctx.truncated(label.plain, size: size, maxWidth: 90)) : label
            let box = ctx.textBox(text, at: Point(x - 5, yy), size: size, h: .right, v: .middle)
            // A white backing keeps labels legible over the bundle of lines.
            ctx.canvas.fillRect(box.insetBy(-1), RGBA.white.withAlpha(0.8))
            ctx.drawText(text, at: Point(x - 5, yy), size: size, color: .text, h: .right, v: .middle)
            lastY = yy
        }
    }
}
