// Loss curves: epoch against loss; validation solid, training dashed in the same colour, a min-max band
// over seeds, grey context curves when there are many variants, an x where a run diverged.
import Foundation

extension ChartRenderer {
    /// More curves than this: only the highlighted ones keep a colour.
    static let colouredCurveLimit = 8

    static func drawLossChart(_ chart: LossChart, into ctx: ChartContext) {
        let curves = chart.curves
        let coloured: [Bool] = {
            if curves.count <= colouredCurveLimit { return curves.map { _ in true } }
            var remaining = colouredCurveLimit
            return curves.map { curve in
                guard curve.highlighted && remaining > 0 else { return false }
                remaining -= 1
                return true
            }
        }()
        let epochs = max(1, curves.map { max($0.validation.count, $0.training.count) }.max() ?? 1)

        let base = lossRangeValues(curves, coloured: coloured)
        let (yScale, useLog) = lossAxis(base)
        let xScale = AxisScale.epochs(epochs)

        let hasValidation = curves.contains { !$0.validation.isEmpty }
        let hasTraining = curves.contains { !$0.training.isEmpty }
        var legend = Legend(title: nil, entries: [])
        for (index, curve) in curves.enumerated() where coloured[index] {
            let colourIndex = coloured[..<index].filter { $0 }.count
            legend.entries.append(LegendEntry(label: curve.label, swatch: .line(Palette.categorical(colourIndex), dash: nil,
                                                                                 band: curve.validationMin != nil)))
        }
        if hasValidation && hasTraining {
            legend.key.append(LegendEntry(label: "validation", swatch: .line(.axis, dash: nil, band: false)))
            legend.key.append(LegendEntry(label: "training", swatch: .line(.axis, dash: lossDash, band: false)))
        }
        if curves.contains(where: { $0.validationMin != nil }) {
            legend.key.append(LegendEntry(label: "min\u{2013}max over seeds", swatch: .box(RGBA.axis.withAlpha(0.2))))
        }
        let greyCount = coloured.filter { !$0 }.count
        if greyCount > 0 {
            legend.key.append(LegendEntry(label: "\(greyCount) other variants", swatch: .line(.context, dash: nil, band: false)))
        }
        if curves.contains(where: { $0.divergedAtEpoch != nil }) {
            legend.key.append(LegendEntry(label: "diverged", swatch: .marker(.axis, .cross)))
        }
        if curves.contains(where: { $0.terminatedAtEpoch != nil }) {
            legend.key.append(LegendEntry(label: "terminated (hyperband)", swatch: .marker(.axis, .square)))
        }

        let frame = ChartFrame.begin(ctx, title: chart.title, legend: legend)
        let axes = Axes(ctx, outer: frame.plotBox, x: xScale, y: yScale, xTitle: "epoch",
                        yTitle: chart.yLabel + (useLog ? " (log scale)" : ""))
        axes.drawGrid(ctx)
        let canvas = ctx.canvas
        // Clip a line's half width outside the frame, so a curve lying on the frame stays whole.
        let curveClip = axes.plot.insetBy(-1.2)
        canvas.setClip(curveClip)
        func points(_ series: [Double]) -> [Point] {
            series.enumerated().map { i, v in
                guard v.isFinite, !useLog || v > 0 else { return Point(.nan, .nan) }
                return axes.point(Double(i + 1), v)
            }
        }
        // Grey context first, then coloured curves worst-first so the best ends up on top.
        for (index, curve) in curves.enumerated() where !coloured[index] {
            let series = curve.validation.isEmpty ? curve.training : curve.validation
            canvas.strokePolyline(points(series), width: 1.0, color: .context)
        }
        let colouredIndices = curves.indices.filter { coloured[$0] }
        for (rank, index) in colouredIndices.enumerated().reversed() {
            let curve = curves[index]
            let colour = Palette.categorical(rank)
            if let lower = curve.validationMin, let upper = curve.validationMax {
                fillBand(canvas, lower: points(lower), upper: points(upper), colour: colour.withAlpha(0.16))
            }
            canvas.strokePolyline(points(curve.training), width: 1.4, color: colour, dash: lossDash)
            canvas.strokePolyline(points(curve.validation), width: 2.0, color: colour)
            if epochs == 1 {
                canvas.setClip(axes.plot.insetBy(-6))
                defer { canvas.setClip(curveClip) }
                // One epoch draws no line: mark the values (training hollow-looking, validation solid).
                for p in points(curve.training) where p.y.isFinite { canvas.drawMarker(.square, at: p, size: 7, color: colour.withAlpha(0.6)) }
                for p in points(curve.validation) where p.y.isFinite { canvas.drawMarker(.circle, at: p, size: 8, color: colour) }
            }
        }
        // Divergence markers may sit on the frame edge, so they are drawn unclipped but inside it.
        canvas.setClip(nil)
        for (index, curve) in curves.enumerated() {
            guard let epoch = curve.divergedAtEpoch else { continue }
            let series = curve.validation.isEmpty ? curve.training : curve.validation
            let marker = divergenceMarker(points(Array(series.prefix(max(1, epoch)))), plot: axes.plot)
                ?? Point(axes.px(Double(min(max(1, epoch), epochs))), axes.plot.y)
            let colour = coloured[index] ? Palette.categorical(colouredIndices.firstIndex(of: index) ?? 0) : RGBA(hex: 0x8A8A8A)
            canvas.drawMarker(.cross, at: marker, size: coloured[index] ? 9 : 7, color: colour)
        }
        drawTerminationMarkers(curves, coloured: coloured, points: points, on: canvas)
        if base.isEmpty { drawNoData(ctx, in: axes.plot, "no finished epochs to plot") }
        axes.drawFrame(ctx)
        if let column = frame.legendColumn { legend.draw(ctx, in: column) }
    }

    /// The values the y range is fitted to: those of runs that did not diverge (so one exploding run
    /// cannot flatten the rest), or of every run when all diverged.
    static func lossRangeValues(_ curves: [LossCurve], coloured: [Bool]) -> [Double] {
        func values(_ curve: LossCurve, _ isColoured: Bool) -> [Double] {
            var v = curve.validation + curve.training
            if isColoured { v += (curve.validationMin ?? []) + (curve.validationMax ?? []) }
            return v.filter(\.isFinite)
        }
        let stable = zip(curves, coloured).filter { $0.0.divergedAtEpoch == nil }.flatMap { values($0.0, $0.1) }
        return stable.isEmpty ? zip(curves, coloured).flatMap { values($0.0, $0.1) } : stable
    }

    /// Log y when positive losses span more than a decade, else nice linear ticks.
    static func lossAxis(_ values: [Double]) -> (AxisScale, isLog: Bool) {
        if AxisScale.prefersLog(values, decades: 1) {
            let positive = values.filter { $0 > 0 }
            return (.log(positive.min() ?? 0.1, positive.max() ?? 1), true)
        }
        return (.linear(values.min() ?? 0, values.max() ?? 1, targetCount: 6), false)
    }

    /// A muted note in the middle of an empty plot.
    static func drawNoData(_ ctx: ChartContext, in rect: Rect, _ message: String) {
        ctx.drawText(RichText(message), at: Point(rect.midX, rect.midY), size: ChartContext.labelSize, color: .mutedText,
                     h: .center, v: .middle)
    }

    /// Where a diverging curve leaves the view: the point where it crosses the plot's edge, or its last
    /// finite point when it stays inside.
    static func divergenceMarker(_ points: [Point], plot: Rect) -> Point? {
        func inside(_ p: Point) -> Bool { p.y >= plot.y && p.y <= plot.maxY }
        var previous: Point? = nil
        for p in points {
            guard p.x.isFinite && p.y.isFinite else { break }
            if let q = previous, inside(q), !inside(p) {
                let edge = p.y < plot.y ? plot.y : plot.maxY
                let t = (edge - q.y) / (p.y - q.y)
                return Point(q.x + (p.x - q.x) * t, edge)
            }
            if previous == nil && !inside(p) { return Point(p.x, min(max(p.y, plot.y), plot.maxY)) }
            previous = p
        }
        return previous
    }

    static let lossDash: [Double] = [5, 3.2]

    /// A translucent band between two series, one polygon per run of points finite in both.
    static func fillBand(_ canvas: Canvas, lower: [Point], upper: [Point], colour: RGBA) {
        var run: [Int] = []
        func flush() {
            if run.count >= 2 {
                canvas.addPolygon(run.map { upper[$0] } + run.reversed().map { lower[$0] })
            }
            run.removeAll()
        }
        for i in 0..<min(lower.count, upper.count) {
            if lower[i].y.isFinite && upper[i].y.isFinite { run.append(i) } else { flush() }
        }
        flush()
        canvas.fillPending(colour)
    }
}
