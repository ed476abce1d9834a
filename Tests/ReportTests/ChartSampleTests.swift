import Core
import Foundation
@testable import Notebook
import Records
@testable import Report
import Testing

/// Many-line charts of a large sweep draw the best variants and a fixed sample of the rest.
struct ChartSampleTests {
    static func sweep(points count: Int) -> (SyntheticSweep, [[ConfigValue]]) {
        var sweep = SyntheticSweep(parameters: [(name: "training.learning_rate", values: [], logScale: true, categorical: false),
                                                (name: "model.activation", values: [], logScale: false, categorical: true),
                                                (name: "training.batch_size", values: [], logScale: false, categorical: false)])
        sweep.method = .random
        sweep.seeds = [1]
        let points = (0..<count).map { [ConfigValue.double(1e-4 * Double($0 + 1)), ConfigValue.string($0 % 2 == 0 ? "relu" : "tanh"),
                                         ConfigValue.int([16, 32, 64][$0 % 3])] }
        return (sweep, points)
    }

    @Test func smallSweepsDrawEveryVariant() throws {
        let (sweep, points) = Self.sweep(points: 300)
        let results = sweep.results(points: points) { point, _ in point[0].doubleValue! }
        #expect(ExperimentCharts.lossGroups(results).drawn.count == 300)
        #expect(try #require(ExperimentCharts.parallelChart(results)).lines.count == 300)
        #expect(ExperimentCharts.sampleNote(drawn: 300, total: 300).isEmpty)
    }

    @Test func largeSweepsDrawTheBestAndTheSameSampleInAnyOrder() throws {
        let (sweep, points) = Self.sweep(points: 3000)
        let value = { (point: [ConfigValue], _: Int) in point[0].doubleValue! }
        let results = sweep.results(points: points, value: value)
        let drawn = ExperimentCharts.lossGroups(results).drawn
        #expect(drawn.count > ExperimentCharts.lossLineLimit / 2 && drawn.count < ExperimentCharts.lossLineLimit * 2, "\(drawn.count)")
        #expect(Array(drawn.prefix(5).map(\.label)) == Array(results.ranked.prefix(5).map(\.label)), "the best come first, always")
        let lines = try #require(ExperimentCharts.parallelChart(results)).lines
        #expect(lines.count < 3000 && lines.count > ExperimentCharts.parallelLineLimit / 2)
        #expect(lines.first?.metric == results.best?.stats?.mean)
        // The records in another order give the same chart.
        let shuffled = ExperimentResults(experiment: sweep.experiment(points: points),
                                         records: sweep.records(points: points, value: value).reversed())
        #expect(ExperimentCharts.lossGroups(shuffled).drawn.map(\.label) == drawn.map(\.label))
        #expect(try #require(ExperimentCharts.parallelChart(shuffled)).lines.map(\.metric) == lines.map(\.metric))
        #expect(ExperimentCharts.sampleNote(drawn: drawn.count, total: 3000).contains("of 3000 variants"))
    }

    @Test func lightRecordsDrawNoCurveButCount() throws {
        let (sweep, points) = Self.sweep(points: 20)
        let records = sweep.records(points: points) { point, _ in point[0].doubleValue! }
        let mixed = records.enumerated().map { index, record in index.isMultiple(of: 2) ? record.light : record }
        let results = ExperimentResults(experiment: sweep.experiment(points: points), records: mixed)
        let drawn = ExperimentCharts.lossGroups(results)
        #expect(drawn.drawn.count == 10 && drawn.total == 20)
        #expect(drawn.drawn.allSatisfy { $0.records.allSatisfy(\.hasCurves) })
        #expect(results.groups.allSatisfy { $0.epochsSummary == "\(sweep.epochs)" }, "light records keep their epoch count")
    }
}
