// Charts for big random sweeps: the binned trend's numbers, parallel coordinates and cost against
// quality drawn from thousands of variants, deterministically.
import Foundation
import Testing
@testable import Charts

@Suite struct SweepChartTests {
    /// A seeded stand-in for a 2,000-run random search: accuracy peaks at lr = 1e-2.
    static func randomSweep(_ count: Int) -> (lr: [Double], batch: [String], width: [Double], metric: [Double]) {
        var state: UInt64 = 42
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var lr: [Double] = [], batch: [String] = [], width: [Double] = [], metric: [Double] = []
        for _ in 0..<count {
            let rate = pow(10, -4 + 4 * next())
            lr.append(rate)
            batch.append(["16", "32", "64", "128"][Int(next() * 4)])
            width.append([4, 8, 16, 32, 64][Int(next() * 5)])
            metric.append(0.95 - 0.08 * pow(log10(rate) + 2, 2) + 0.03 * (next() - 0.5))
        }
        return (lr, batch, width, metric)
    }

    @Test func quantilesInterpolateAsNumpyDoes() {
        // numpy.quantile([1, 2, 3, 4], [0.25, 0.5, 0.75]) = [1.75, 2.5, 3.25]
        #expect(BinnedTrend.quantile([1, 2, 3, 4], 0.25) == 1.75)
        #expect(BinnedTrend.quantile([1, 2, 3, 4], 0.5) == 2.5)
        #expect(BinnedTrend.quantile([1, 2, 3, 4], 0.75) == 3.25)
        #expect(BinnedTrend.quantile([7], 0.5) == 7)
    }

    @Test func binnedTrendFollowsTheShapeOnALogAxis() {
        let sweep = Self.randomSweep(2000)
        let trend = BinnedTrend(points: Array(zip(sweep.lr, sweep.metric)).map { ($0.0, $0.1) }, log: true)
        #expect(trend.bins.count == 22, "about sqrt(n / 4) bins")
        #expect(trend.bins.map(\.count).reduce(0, +) == 2000)
        // Log-spaced centres: equal ratios between neighbours.
        let ratios = zip(trend.bins, trend.bins.dropFirst()).map { $1.center / $0.center }
        #expect(ratios.allSatisfy { abs($0 - ratios[0]) < 1e-9 })
        let peak = trend.bins.max { $0.median < $1.median }!
        #expect(peak.center > 3e-3 && peak.center < 3e-2, "the median peaks near 1e-2: \(peak.center)")
        #expect(trend.bins.allSatisfy { $0.lowerQuartile <= $0.median && $0.median <= $0.upperQuartile })
    }

    @Test func sparseBinsAreLeftOut() {
        let points: [(x: Double, y: Double)] = [(0, 1), (0.1, 1), (0.2, 1), (10, 5)]
        let trend = BinnedTrend(points: points, log: false)
        #expect(trend.bins.count == 1 && trend.bins[0].count == 3, "a lone run makes no bin")
    }

    @Test func deterministicSampleSpreadsEvenly() {
        #expect(DeterministicSample.indices(count: 5, limit: 10) == [0, 1, 2, 3, 4])
        let picked = DeterministicSample.indices(count: 10_000, limit: 3000)
        #expect(picked.count == 3000 && picked.first == 0 && Set(picked).count == 3000 && picked.last! >= 9996)
    }

    static var parallel2000: ParallelCoordinatesChart {
        let sweep = randomSweep(2000)
        let lines = (0..<2000).map { i in
            ParallelCoordinatesChart.Line(values: [.number(sweep.lr[i]), .category(sweep.batch[i]), .number(sweep.width[i])],
                                          metric: sweep.metric[i])
        }
        return ParallelCoordinatesChart(title: "moons-random: every variant across its parameters",
                                        axes: [.init(name: "learning_rate", kind: .numeric(log: true)),
                                               .init(name: "batch_size", kind: .categorical(["16", "32", "64", "128"])),
                                               .init(name: "width", kind: .numeric(log: false))],
                                        metricName: "val_accuracy", higherIsBetter: true, lines: lines)
    }

    @Test func parallelCoordinatesDrawTheBestOnTopAndAreDeterministic() throws {
        let chart = Self.parallel2000
        let canvas = try ChartRenderer.canvas { ChartRenderer.drawParallelCoordinates(chart, into: $0) }
        var vermillion = 0, coloured = 0
        for y in 0..<canvas.height {
            for x in 0..<canvas.width {
                let p = canvas.pixel(x, y)
                if p.r > 200 && p.g < 120 && p.b < 40 { vermillion += 1 }
                if Int(p.g) - Int(p.r) > 40 { coloured += 1 }
            }
        }
        #expect(vermillion > 1500, "the best variant's line is drawn: \(vermillion) pixels")
        #expect(coloured > 50_000, "the bundle is coloured by the metric: \(coloured) pixels")
        let once = try ChartRenderer.png(chart), twice = try ChartRenderer.png(chart)
        #expect(once == twice)
        try PreviewTests.save(once, "parallel-2000")
    }

    @Test func parallelCoordinatesJitterIsFixedAndBounded() {
        let values = (0..<1000).map { ChartRenderer.jitter($0, 1) }
        #expect(values.allSatisfy { $0 >= -1 && $0 <= 1 })
        #expect(values == (0..<1000).map { ChartRenderer.jitter($0, 1) })
        #expect(abs(values.reduce(0, +) / 1000) < 0.1)
    }

    @Test func costQualityAndBinnedMetricChartsRender() throws {
        let sweep = Self.randomSweep(2000)
        let variants = (0..<400).map { i in
            CostQualityChart.Variant(label: "v\(i)", parameters: sweep.width[i] * 40, seconds: 0.002 * sweep.width[i] + 0.001,
                                     metric: sweep.metric[i], onParameterFront: i % 97 == 0, onTimeFront: i % 89 == 0)
        }
        let cost = try ChartRenderer.png(CostQualityChart(title: "cost", metricName: "val_accuracy", higherIsBetter: true, variants: variants))
        #expect(PreviewTests.isPNG(cost))
        try PreviewTests.save(cost, "pareto-400")
        let points = (0..<2000).map { ParameterPoint(x: .number(sweep.lr[$0]), y: sweep.metric[$0], group: sweep.batch[$0]) }
        let metric = MetricVsParameterChart(title: "lr", parameterName: "learning_rate", metricName: "val_accuracy", logX: true,
                                            groupName: "batch_size", points: points, binnedTrend: true)
        let bytes = try ChartRenderer.png(metric)
        #expect(PreviewTests.isPNG(bytes))
        try PreviewTests.save(bytes, "metric-binned-2000")
        let empty = try ChartRenderer.png(ParallelCoordinatesChart(title: "none", axes: [], metricName: "m", higherIsBetter: true, lines: []))
        #expect(PreviewTests.isPNG(empty))
    }
}
