// Search progress: a faint dot per run at the epochs spent when it ended, the best-so-far as a
// solid staircase, the random-order expectation dashed, and an epoch budget as a dotted rule.
import Foundation

extension ChartRenderer {
    public static func png(_ chart: SearchProgressChart) throws -> [UInt8] {
        try render { drawSearchProgress(chart, into: $0) }
    }

    static func drawSearchProgress(_ chart: SearchProgressChart, into ctx: ChartContext) {
        var legend = Legend(title: nil, entries: [])
        legend.key.append(LegendEntry(label: "one run", swatch: .marker(RGBA.axis.withAlpha(0.5), .circle)))
        legend.key.append(LegendEntry(label: "best so far, in proposal order", swatch: .line(progressColor, dash: nil, band: false)))
        if !chart.expectation.isEmpty {
            legend.key.append(LegendEntry(label: chart.expectationLabel, swatch: .line(expectationColor, dash: [6, 4], band: false)))
        }
        if chart.epochBudget != nil {
            legend.key.append(LegendEntry(label: "epoch budget", swatch: .line(budgetColor, dash: [2, 3], band: false)))
        }
        let goal = chart.higherIsBetter ? "higher" : "lower"
        let frame = ChartFrame.begin(ctx, title: chart.title, subtitle: "\(chart.metricName), \(goal) is better", legend: legend)
        let values = chart.runs.compactMap(\.metric).filter(\.isFinite) + chart.expectation.map(\.best).filter(\.isFinite)
        guard let low = values.min(), let high = values.max(), let last = chart.runs.last else {
            drawNoData(ctx, in: frame.plotBox, "no finished runs to plot")
            if let column = frame.legendColumn { legend.draw(ctx, in: column) }
            return
        }
        let spread = high - low
        let yScale = AxisScale.linear(spread > 0 ? low : low - 0.5, spread > 0 ? high : high + 0.5, targetCount: 6)
        let maxEpochs = max(last.cumulativeEpochs, chart.epochBudget ?? 0, 1)
        let axes = Axes(ctx, outer: frame.plotBox, x: .linear(0, maxEpochs, targetCount: 7), y: yScale,
                        xTitle: "training epochs spent (cumulative)", yTitle: chart.metricName)
        axes.drawGrid(ctx)
        let canvas = ctx.canvas
        canvas.setClip(axes.plot.insetBy(-6))
        if let budget = chart.epochBudget {
            canvas.strokeLine(from: axes.point(budget, yScale.lower), to: axes.point(budget, yScale.upper),
                              width: 1.4, color: budgetColor, dash: [2, 3])
        }
        let alpha = chart.runs.count > 500 ? 0.3 : 0.5
        for i in DeterministicSample.indices(count: chart.runs.count, limit: maxDrawnPoints) {
            guard let metric = chart.runs[i].metric, metric.isFinite else { continue }
            canvas.fillCircle(center: axes.point(chart.runs[i].cumulativeEpochs, metric), radius: 2.2, color: RGBA.axis.withAlpha(alpha))
        }
        if chart.expectation.count > 1 {
            canvas.strokePolyline(chart.expectation.map { axes.point($0.epochs, $0.best) }, width: 1.6, color: expectationColor, dash: [6, 4])
        }
        // The staircase: the best stays flat until a run improves on it.
        var steps: [Point] = []
        for run in chart.runs {
            guard let best = run.bestSoFar, best.isFinite else { continue }
            let point = axes.point(run.cumulativeEpochs, best)
            if let previous = steps.last { steps.append(Point(point.x, previous.y)) }
            steps.append(point)
        }
        if steps.count == 1 { canvas.fillCircle(center: steps[0], radius: 3, color: progressColor) }
        if steps.count > 1 { canvas.strokePolyline(steps, width: 2, color: progressColor) }
        canvas.setClip(nil)
        axes.drawFrame(ctx)
        if let column = frame.legendColumn { legend.draw(ctx, in: column) }
    }

    private static var progressColor: RGBA { RGBA(hex: 0xD55E00) }
    private static var expectationColor: RGBA { RGBA(hex: 0x0072B2) }
    private static var budgetColor: RGBA { RGBA(hex: 0x555555) }
}
