// Cost against quality: two panels side by side, the metric against trainable parameters and against
// training seconds (both log axes), a faint dot per variant and the Pareto front as a red staircase:
// the best metric reachable at each cost.
import Foundation

extension ChartRenderer {
    public static func png(_ chart: CostQualityChart) throws -> [UInt8] {
        try render { drawCostQuality(chart, into: $0) }
    }

    static func drawCostQuality(_ chart: CostQualityChart, into ctx: ChartContext) {
        let variants = chart.variants.filter { $0.metric.isFinite && $0.parameters > 0 && $0.seconds > 0 }
        var legend = Legend(title: nil, entries: [])
        legend.key.append(LegendEntry(label: "one variant", swatch: .marker(RGBA.axis.withAlpha(0.45), .circle)))
        legend.key.append(LegendEntry(label: "Pareto front", swatch: .lineWithMarker(front, .circle)))
        let goal = chart.higherIsBetter ? "higher" : "lower"
        let frame = ChartFrame.begin(ctx, title: chart.title,
                                     subtitle: "front: no other variant is cheaper and \(goal) in \(chart.metricName)", legend: legend)
        guard !variants.isEmpty else {
            drawNoData(ctx, in: frame.plotBox, "no finished runs to plot")
            if let column = frame.legendColumn { legend.draw(ctx, in: column) }
            return
        }
        let box = frame.plotBox
        let half = (box.width - 16) / 2
        let metrics = variants.map(\.metric)
        let logY = AxisScale.prefersLog(metrics, decades: 1.3)
        let yScale: AxisScale = logY ? .log(metrics.min()!, metrics.max()!) : .linear(metrics.min()!, metrics.max()!, targetCount: 6)
        let panels: [(title: String, rect: Rect, cost: (CostQualityChart.Variant) -> Double, onFront: (CostQualityChart.Variant) -> Bool)] = [
            ("trainable parameters (log scale)", Rect(x: box.x, y: box.y, width: half, height: box.height), { $0.parameters }, { $0.onParameterFront }),
            ("training seconds per run (log scale)", Rect(x: box.x + half + 16, y: box.y, width: half, height: box.height), { $0.seconds }, { $0.onTimeFront }),
        ]
        let alpha = variants.count > 500 ? 0.25 : 0.45
        for (index, panel) in panels.enumerated() {
            let costs = variants.map(panel.cost)
            let axes = Axes(ctx, outer: panel.rect, x: .log(costs.min()!, costs.max()!, padDecades: 0.06), y: yScale,
                            xTitle: panel.title, yTitle: index == 0 ? chart.metricName + (logY ? " (log scale)" : "") : nil)
            axes.drawGrid(ctx)
            let canvas = ctx.canvas
            canvas.setClip(axes.plot.insetBy(-6))
            for i in DeterministicSample.indices(count: variants.count, limit: maxDrawnPoints) {
                let v = variants[i]
                canvas.fillCircle(center: axes.point(panel.cost(v), v.metric), radius: 2.2, color: RGBA.axis.withAlpha(alpha))
            }
            // The staircase: from each front point, flat to the next cheaper-but-better one.
            let onFront = variants.filter(panel.onFront).sorted { panel.cost($0) < panel.cost($1) }
            var steps: [Point] = []
            for (k, v) in onFront.enumerated() {
                let p = axes.point(panel.cost(v), v.metric)
                if k > 0, let last = steps.last { steps.append(Point(p.x, last.y)) }
                steps.append(p)
            }
            if steps.count > 1 { canvas.strokePolyline(steps, width: 1.8, color: front) }
            for v in onFront { canvas.fillCircle(center: axes.point(panel.cost(v), v.metric), radius: 3.6, color: front) }
            canvas.setClip(nil)
            axes.drawFrame(ctx)
        }
        if let column = frame.legendColumn { legend.draw(ctx, in: column) }
    }

    private static var front: RGBA { RGBA(hex: 0xD55E00) }
}
