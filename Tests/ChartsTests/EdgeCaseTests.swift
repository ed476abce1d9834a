// Degenerate inputs render a valid, readable PNG instead of crashing: empty charts, one epoch, all runs
// diverged, one point, big heat maps, variants of different depths.
import Testing
@testable import Charts

@Suite struct EdgeCaseTests {
    static var crowdedCategories: MetricVsParameterChart {
        let points = (0..<40).map { ParameterPoint(x: .category("configuration-\($0)"), y: Double($0 % 7)) }
        return MetricVsParameterChart(title: "crowded", parameterName: "config", metricName: "accuracy", points: points)
    }

    static var bigHeatmap: HeatmapChart {
        let xs = (0..<12).map { "\(Double(1 << $0) / 1000)" }, ys = (0..<10).map { "batch \(1 << ($0 + 2))" }
        var values: [[Double?]] = []
        for r in 0..<10 {
            var row: [Double?] = []
            for c in 0..<12 {
                let value: Double = Double(r * 12 + c) / 7.3 + 0.5
                row.append((r + c) % 9 == 0 ? nil : value)
            }
            values.append(row)
        }
        return HeatmapChart(title: "a 10 x 12 sweep", xName: "learning rate", yName: "batch size", xLabels: xs, yLabels: ys,
                            values: values, metricName: "accuracy", higherIsBetter: true)
    }

    @Test func degenerateChartsStillRender() throws {
        let cases: [(String, () throws -> [UInt8])] = [
            ("empty-loss", { try ChartRenderer.png(LossChart(title: "nothing yet", curves: [])) }),
            ("one-epoch", { try ChartRenderer.png(LossChart(title: "one epoch", curves: [LossCurve(label: "a", validation: [0.5], training: [0.6])])) }),
            ("all-diverged", { try ChartRenderer.png(LossChart(title: "all diverged", curves: [
                LossCurve(label: "a", validation: [1, 10, 1e6, .nan], training: [1, 9, .infinity, .nan], divergedAtEpoch: 3),
                LossCurve(label: "b", validation: [.nan], training: [.nan], divergedAtEpoch: 1)])) }),
            ("training-only", { try ChartRenderer.png(LossChart(title: "no validation split", curves: [
                LossCurve(label: "a", validation: [], training: [0.9, 0.5, 0.3, 0.2])])) }),
            ("one-point", { try ChartRenderer.png(MetricVsParameterChart(title: "one point", parameterName: "lr", metricName: "acc",
                                                                         points: [ParameterPoint(x: .number(0.1), y: 0.9)])) }),
            ("no-points", { try ChartRenderer.png(MetricVsParameterChart(title: "none", parameterName: "lr", metricName: "acc", points: [])) }),
            ("crowded", { try ChartRenderer.png(Self.crowdedCategories) }),
            ("heatmap-10x12", { try ChartRenderer.png(Self.bigHeatmap) }),
            ("heatmap-1x1", { try ChartRenderer.png(HeatmapChart(title: "1x1", xName: "x", yName: "y", xLabels: ["a"], yLabels: ["b"],
                                                                 values: [[0.5]], metricName: "m", higherIsBetter: true)) }),
            ("heatmap-empty", { try ChartRenderer.png(HeatmapChart(title: "0x0", xName: "x", yName: "y", xLabels: [], yLabels: [],
                                                                   values: [], metricName: "m", higherIsBetter: true)) }),
            ("gradients-empty", { try ChartRenderer.png(GradientFlowChart(title: "no stats", variants: [])) }),
            ("depth-empty", { try ChartRenderer.depthProfilePNG(GradientFlowChart(title: "no stats", variants: [])) }),
            ("depth-many", { try ChartRenderer.depthProfilePNG(GradientFlowChart(title: "12 variants", variants: (0..<12).map {
                SampleCharts.gradientVariant("variant \($0)", layers: 1 + $0 % 8, epochs: 2, attenuation: 0.3 + 0.05 * Double($0), seed: UInt64($0))
            })) }),
            ("gradients-one-epoch", { try ChartRenderer.png(GradientFlowChart(title: "one epoch", variants: [
                .init(label: "a", perLayer: [[0.1], [0.01]]), .init(label: "b", perLayer: [[0.2], [0.02], [0.002]])])) }),
        ]
        for (name, render) in cases {
            let bytes = try render()
            let decoded = try decodePNG(bytes)
            #expect(decoded.width == 1600 && decoded.height == 1000, "\(name)")
            try PreviewTests.save(bytes, "edge-\(name)")
        }
    }
}
