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

extension EdgeCaseTests {
    @Test func extremeValuesNeitherTrapNorLeakOutsideTheClip() throws {
        let canvas = Canvas(width: 40, height: 40)
        canvas.setClip(Rect(x: 10, y: 10, width: 20, height: 20))
        canvas.strokePolyline([Point(15, 15), Point(20, -1e300), Point(1e300, 25), Point(-1e200, 1e250)], width: 2, color: .black)
        canvas.fillPolygon([Point(-1e30, -1e30), Point(1e30, -1e30), Point(0, 1e30)], RGBA(0, 0, 0, 100))
        for y in 0..<40 {
            for x in 0..<40 where x < 10 || x >= 30 || y < 10 || y >= 30 { #expect(canvas.pixel(x, y) == .white) }
        }
        #expect(canvas.pixel(20, 20) != .white)
        let huge = LossChart(title: "huge", curves: [
            LossCurve(label: "a", validation: [1e300, -1e300, 5], training: [.infinity, 1, 2]),
            LossCurve(label: "b", validation: [1e-300, 1e300], training: [], divergedAtEpoch: 2),
        ])
        #expect(!(try ChartRenderer.png(huge)).isEmpty)
        let metric = MetricVsParameterChart(title: "huge", parameterName: "x", metricName: "y", points: [
            ParameterPoint(x: .number(-1e300), y: 1e300), ParameterPoint(x: .number(1e300), y: -1e300), ParameterPoint(x: .number(0), y: 0)])
        #expect(!(try ChartRenderer.png(metric)).isEmpty)
        let heatmap = HeatmapChart(title: "huge", xName: "x", yName: "y", xLabels: ["a", "b"], yLabels: ["c"],
                                   values: [[1e300, -1e300]], metricName: "m", higherIsBetter: false)
        #expect(!(try ChartRenderer.png(heatmap)).isEmpty)
    }
}

extension EdgeCaseTests {
    @Test func numbersMixedIntoCategoriesBecomeNames() throws {
        let chart = MetricVsParameterChart(title: "mixed", parameterName: "dropout", metricName: "accuracy", points: [
            ParameterPoint(x: .number(0), y: 0.8), ParameterPoint(x: .category("none"), y: 0.7),
            ParameterPoint(x: .number(0.25), y: 0.85), ParameterPoint(x: .number(0), y: 0.82)])
        let ctx = try ChartRenderer.context { ChartRenderer.drawMetricChart(chart, into: $0) }
        #expect(decodeSucceeds(try PNGEncoder.encode(ctx.canvas)))
    }

    private func decodeSucceeds(_ bytes: [UInt8]) -> Bool { (try? decodePNG(bytes)) != nil }
}

extension EdgeCaseTests {
    @Test func dashedLinesThroughFarOffPointsFinish() {
        let canvas = Canvas(width: 50, height: 50)
        canvas.strokePolyline([Point(5, 5), Point(20, 20), Point(25, -1e200), Point(30, 20), Point(.nan, 0), Point(40, 40)],
                              width: 2, color: .black, dash: [3, 2])
        #expect(canvas.pixel(6, 6) != .white)
        #expect(canvas.pixel(40, 40) != .white)   // the lone point after a gap is a dot
        #expect((0..<20).contains { canvas.pixel(29, $0) != .white || canvas.pixel(30, $0) != .white })
        #expect(canvas.pixel(45, 5) == .white)
    }

    @Test func aDivergedTrainingCurveStillRenders() throws {
        let chart = LossChart(title: "exploding training loss", curves: [
            LossCurve(label: "stable", validation: [1, 0.8, 0.6, 0.5], training: [0.9, 0.7, 0.5, 0.4]),
            LossCurve(label: "exploded", validation: [1, 1e150, .nan, .nan], training: [1, 1e250, .nan, .nan], divergedAtEpoch: 2),
        ])
        #expect(try decodePNG(ChartRenderer.png(chart)).width == 1600)
    }
}
