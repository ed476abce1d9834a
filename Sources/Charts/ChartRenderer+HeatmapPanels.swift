// Small multiples of heat maps: the panels in a grid of up to 3 x 4, one colour bar on the right.

extension ChartRenderer {
    public static func png(_ chart: HeatmapPanels) throws -> [UInt8] {
        try render { drawHeatmapPanels(chart, into: $0) }
    }

    static func drawHeatmapPanels(_ chart: HeatmapPanels, into ctx: ChartContext) {
        let panels = Array(chart.panels.prefix(HeatmapPanels.maxPanels))
        let finite = panels.flatMap { $0.values.flatMap { $0.compactMap { $0 } } }.filter(\.isFinite)
        let lo = finite.min() ?? 0, hi = finite.max() ?? 1
        let logColours = AxisScale.prefersLog(finite, decades: 1)
        let subtitle = "mean \(chart.metricName) per cell, one colour scale for all panels; the best of each panel "
            + "(\(chart.higherIsBetter ? "highest" : "lowest")) is outlined" + (logColours ? "; colours on a log scale" : "")
        let frame = ChartFrame.begin(ctx, title: chart.title, subtitle: subtitle, legend: nil)
        guard !panels.isEmpty, !finite.isEmpty else {
            drawNoData(ctx, in: frame.plotBox, "no finished runs to plot")
            return
        }
        let colourBar = ColourBar(lower: lo, upper: hi, log: logColours)
        let barWidth = 12.0
        let box = frame.plotBox
        let panelArea = Rect(x: box.x, y: box.y, width: box.width - (22 + barWidth + 6 + colourBar.labelWidth(ctx)), height: box.height)
        let grid = panelGrid(count: panels.count)
        let cellWidth = panelArea.width / Double(grid.columns), cellHeight = panelArea.height / Double(grid.rows)
        var grids: [Rect] = []
        for (index, panel) in panels.enumerated() {
            let row = index / grid.columns, column = index % grid.columns
            let outer = Rect(x: panelArea.x + Double(column) * cellWidth, y: panelArea.y + Double(row) * cellHeight,
                             width: cellWidth, height: cellHeight - 8)
            // The same margin for every panel, so all grids come out the same size.
            let values = panel.values.flatMap { $0.compactMap { $0 } }.filter(\.isFinite)
            grids.append(drawHeatmapGrid(panel, into: ctx, box: outer, rightMargin: 14, colourBar: colourBar,
                                         best: chart.higherIsBetter ? values.max() : values.min(), heading: panel.title))
        }
        // The colour bar spans the panels' cells, from the highest top to the lowest bottom.
        let drawn = grids.filter { $0.height > 0 }
        let top = drawn.map(\.y).min() ?? box.y + 6, bottom = drawn.map(\.maxY).max() ?? box.maxY - 40
        colourBar.draw(ctx, in: Rect(x: panelArea.maxX + 22, y: top, width: barWidth, height: bottom - top))
    }
}
