// Gradient flow: gradient RMS per layer over epochs in small multiples (one panel per variant, shared
// log y so panels compare), and the first epoch's gradient RMS by depth, one line per variant.
import Foundation

extension ChartRenderer {
    /// At most this many variants get a panel.
    static let gradientPanelLimit = 4

    /// Layer colours run along viridis from the first layer (dark) to the output layer (green-yellow),
    /// stopping before the pale yellow end, which would vanish on white.
    static func layerColour(_ layer: Int, of count: Int) -> RGBA {
        Palette.viridis(count <= 1 ? 0.35 : 0.85 * Double(layer) / Double(count - 1))
    }

    static func layerName(_ layer: Int, of count: Int) -> String {
        if count == 1 { return "layer 1 (output)" }
        if layer == 0 { return "layer 1 (first)" }
        if layer == count - 1 { return "layer \(count) (output)" }
        return "layer \(layer + 1)"
    }

    static func positiveFinite(_ values: [Double]) -> [Double] { values.filter { $0 > 0 && $0.isFinite } }

    /// A norm's scale (gamma) is dashed and its shift (beta) dotted, in the colour of the layer the
    /// norm follows; the layers' weights stay solid.
    static let normScaleDash: [Double] = [5, 3.2]
    static let normShiftDash: [Double] = [1.4, 2.6]

    static func hasNorms(_ variants: [GradientFlowChart.Variant]) -> Bool {
        variants.contains { !$0.normScale.isEmpty || !$0.normShift.isEmpty }
    }

    /// The style key of the norm rows, appended when some variant has them.
    static func addNormKey(to legend: inout Legend, shift: Bool) {
        legend.key.append(LegendEntry(label: "norm scale (gamma)", swatch: .line(.axis, dash: normScaleDash, band: false)))
        if shift {
            legend.key.append(LegendEntry(label: "norm shift (beta)", swatch: .line(.axis, dash: normShiftDash, band: false)))
        }
    }

    static func drawGradientFlow(_ chart: GradientFlowChart, into ctx: ChartContext) {
        let variants = Array(chart.variants.prefix(gradientPanelLimit))
        let omitted = chart.variants.count - variants.count
        let depth = variants.map(\.perLayer.count).max() ?? 0
        let epochs = max(1, variants.flatMap { $0.perLayer.map(\.count) }.max() ?? 1)
        let values = positiveFinite(variants.flatMap { ($0.perLayer + $0.normScale + $0.normShift).flatMap { $0 } })

        // Each panel spreads its layers over the whole colour ramp (first layer dark, output green), so
        // shallow and deep networks both show their layers apart; with equal depths every layer is named.
        let sameDepth = Set(variants.map(\.perLayer.count)).count <= 1
        var legend = Legend(title: "layer", entries: [])
        if sameDepth {
            for layer in 0..<depth {
                legend.entries.append(LegendEntry(label: layerName(layer, of: depth),
                                                  swatch: .line(layerColour(layer, of: depth), dash: nil, band: false)))
            }
        } else {
            for (name, position) in [("first layer", 0), ("middle layers", 1), ("output layer", 2)] {
                legend.entries.append(LegendEntry(label: name, swatch: .line(layerColour(position, of: 3), dash: nil, band: false)))
            }
        }
        if hasNorms(variants) { addNormKey(to: &legend, shift: true) }
        let subtitle = "gradient RMS per layer and epoch (log scale, shared by the panels)"
            + (omitted > 0 ? "; \(omitted) more variant\(omitted == 1 ? "" : "s") not shown" : "")
        let frame = ChartFrame.begin(ctx, title: chart.title, subtitle: subtitle, legend: depth > 0 ? legend : nil)
        guard !variants.isEmpty, !values.isEmpty else {
            drawNoData(ctx, in: frame.plotBox, "no gradient statistics recorded")
            return
        }
        let yScale = AxisScale.log(values.min()!, values.max()!)
        let xScale = AxisScale.epochs(epochs)

        // Panels: 1 -> one, 2 -> side by side, 3-4 -> a 2x2 grid.
        let columns = variants.count == 1 ? 1 : 2
        let rows = (variants.count + columns - 1) / columns
        let box = frame.plotBox
        let gap = 14.0
        let panelWidth = (box.width - gap * Double(columns - 1)) / Double(columns)
        let panelHeight = (box.height - gap * Double(rows - 1)) / Double(rows)
        let canvas = ctx.canvas
        for (index, variant) in variants.enumerated() {
            let row = index / columns, column = index % columns
            let outer = Rect(x: box.x + Double(column) * (panelWidth + gap), y: box.y + Double(row) * (panelHeight + gap),
                             width: panelWidth, height: panelHeight)
            let isBottom = row == rows - 1 || (row == rows - 2 && index + columns >= variants.count)
            let axes = Axes(ctx, outer: outer, x: xScale, y: yScale, xTitle: isBottom ? "epoch" : nil,
                            yTitle: column == 0 ? "gradient RMS" : nil, panelTitle: variants.count > 1 ? variant.label : nil)
            axes.drawGrid(ctx)
            canvas.setClip(axes.plot)
            let layers = variant.perLayer.count
            func draw(_ series: [Double], layer: Int, width: Double, dash: [Double]?) {
                let points = series.enumerated().map { e, v in
                    v > 0 && v.isFinite ? axes.point(Double(e + 1), v) : Point(.nan, .nan)
                }
                let colour = layerColour(layer, of: layers)
                canvas.strokePolyline(points, width: width, color: colour, dash: dash)
                if epochs == 1, let p = points.first, p.y.isFinite { canvas.fillCircle(center: p, radius: 3.5, color: colour) }
            }
            // Norm rows first, thinner, so the layers' own lines stay on top.
            for (layer, series) in variant.normShift.enumerated() { draw(series, layer: layer, width: 1.2, dash: normShiftDash) }
            for (layer, series) in variant.normScale.enumerated() { draw(series, layer: layer, width: 1.2, dash: normScaleDash) }
            for (layer, series) in variant.perLayer.enumerated() { draw(series, layer: layer, width: 1.7, dash: nil) }
            canvas.setClip(nil)
            axes.drawFrame(ctx)
        }
        if let column = frame.legendColumn { legend.draw(ctx, in: column) }
    }

    static func drawDepthProfile(_ chart: GradientFlowChart, into ctx: ChartContext) {
        let variants = chart.variants
        let depth = max(1, variants.map(\.perLayer.count).max() ?? 1)
        let firstEpoch = variants.map { v in v.perLayer.map { $0.first ?? .nan } }
        // The norm after hidden layer i is drawn at layer i + 1's position, dashed (its scale only:
        // the shift's profile would double the lines of a chart that already holds eight variants).
        let normFirstEpoch = variants.map { v in v.normScale.map { $0.first ?? .nan } }
        let values = positiveFinite((firstEpoch + normFirstEpoch).flatMap { $0 })
        let coloured = min(variants.count, Palette.categorical.count)

        var legend = Legend(title: nil, entries: [])
        for (i, v) in variants.prefix(coloured).enumerated() {
            legend.entries.append(LegendEntry(label: v.label, swatch: .lineWithMarker(Palette.categorical(i), .circle)))
        }
        if variants.count > coloured {
            legend.key.append(LegendEntry(label: "\(variants.count - coloured) other variants", swatch: .line(.context, dash: nil, band: false)))
        }
        if hasNorms(variants) { addNormKey(to: &legend, shift: false) }
        let frame = ChartFrame.begin(ctx, title: chart.title,
                                     subtitle: "gradient RMS in the first epoch by layer; a slope down towards layer 1 means vanishing gradients",
                                     legend: legend)
        guard !values.isEmpty else {
            drawNoData(ctx, in: frame.plotBox, "no gradient statistics recorded")
            return
        }
        let xScale: AxisScale = depth == 1 ? .linear(0.5, 1.5, targetCount: 2, extendToTicks: false, integerSteps: true)
            : .linear(0.7, Double(depth) + 0.3, targetCount: min(depth + 1, 9), extendToTicks: false, integerSteps: true)
        let yScale = AxisScale.log(values.min()!, values.max()!)
        let axes = Axes(ctx, outer: frame.plotBox, x: xScale, y: yScale, xTitle: "layer (1 = first, \(depth) = output)",
                        yTitle: "gradient RMS, epoch 1 (log scale)")
        axes.drawGrid(ctx)
        let canvas = ctx.canvas
        canvas.setClip(axes.plot.insetBy(-5))
        // Grey context first, coloured variants worst-first so the first (best) is on top.
        for index in variants.indices.reversed() {
            let isColoured = index < coloured
            if isColoured && variants.count > coloured { continue }
            let colour = isColoured ? Palette.categorical(index) : .context
            drawProfile(normFirstEpoch[index], axes: axes, canvas: canvas, colour: colour, markers: false, dash: normScaleDash,
                        width: isColoured ? 1.6 : 1.1)
            drawProfile(firstEpoch[index], axes: axes, canvas: canvas, colour: colour, markers: isColoured)
        }
        if variants.count > coloured {
            for index in (0..<coloured).reversed() {
                drawProfile(normFirstEpoch[index], axes: axes, canvas: canvas, colour: Palette.categorical(index), markers: false,
                            dash: normScaleDash, width: 1.6)
                drawProfile(firstEpoch[index], axes: axes, canvas: canvas, colour: Palette.categorical(index), markers: true)
            }
        }
        canvas.setClip(nil)
        axes.drawFrame(ctx)
        if let column = frame.legendColumn { legend.draw(ctx, in: column) }
    }

    private static func drawProfile(_ values: [Double], axes: Axes, canvas: Canvas, colour: RGBA, markers: Bool,
                                    dash: [Double]? = nil, width: Double? = nil) {
        guard !values.isEmpty else { return }
        let points = values.enumerated().map { i, v in v > 0 && v.isFinite ? axes.point(Double(i + 1), v) : Point(.nan, .nan) }
        canvas.strokePolyline(points, width: width ?? (markers ? 1.9 : 1.1), color: colour, dash: dash)
        if markers {
            for p in points where p.x.isFinite { canvas.fillCircle(center: p, radius: 3.3, color: colour) }
        }
    }
}
