import Charts
import Core
import Foundation
import Records
import Testing
@testable import Notebook
@testable import Report

/// What the report adds for big sweeps: which charts get a binned trend, the parallel-coordinates
/// chart, and cost against quality with its Pareto front in words.
@Suite struct SweepReportTests {
    @Test func paretoFrontKeepsOnlyPointsNoCheaperPointBeats() {
        let costs = [100.0, 50, 200, 50, 400, 300]
        let quality = [0.90, 0.85, 0.95, 0.80, 0.94, 0.97]
        #expect(ParetoFront.indices(costs: costs, qualities: quality, higherIsBetter: true) == [1, 0, 2, 5])
        // Lower is better: the cheapest point and every later one that lowers the loss.
        #expect(ParetoFront.indices(costs: costs, qualities: quality, higherIsBetter: false) == [3])
        #expect(ParetoFront.indices(costs: [1, 1], qualities: [0.5, 0.5], higherIsBetter: true) == [0], "a tie keeps the first")
        #expect(ParetoFront.indices(costs: [1, .nan, 3], qualities: [0.1, 0.9, .nan], higherIsBetter: true) == [0])
    }

    /// Three variants of different widths: the small one is nearly as good as the big one.
    static func sized() -> (ExperimentResults, [RunRecord]) {
        let shapes: [(String, Int, Double, Double)] = [("hidden=4", 42, 0.91, 0.010), ("hidden=16", 162, 0.95, 0.020),
                                                       ("hidden=64", 642, 0.97, 0.080), ("hidden=32", 322, 0.93, 0.050)]
        var variants: [Variant] = [], records: [RunRecord] = []
        for (label, count, metric, seconds) in shapes {
            var variant = Variant(id: label, experiment: "size", label: label + " seed=1", seed: 1,
                                  parameters: [SweptValue(name: "model.hidden", value: .string(label))],
                                  config: RunConfig(), resolved: .map([]), cost: Double(count))
            variant.parameterCount = count
            variants.append(variant)
            records.append(RunRecord(gradbookVersion: "0.1.0", experiment: "size", variant: variant.id, label: variant.label, seed: 1,
                                     parameters: ["model.hidden": .string(label)], config: .map([]), status: .ok, reason: nil,
                                     divergedEpoch: nil, epochs: [], finalMetrics: ["val_accuracy": metric], seconds: seconds,
                                     finishedAt: "2026-12-01T00:00:00Z"))
        }
        let experiment = Experiment(name: "size", method: .grid,
                                    parameters: [ParameterSweep(name: "model.hidden", summary: "values", isLogScale: false, isCategorical: true)],
                                    seeds: [1], metric: RunConfig.Metric(name: "val_accuracy", goal: .maximize), variants: variants, line: 1)
        return (ExperimentResults(experiment: experiment, records: records), records)
    }

    @Test func theFrontIsListedInWords() throws {
        let (results, _) = Self.sized()
        let summary = CostQualitySummary(results: results)
        #expect(summary.parameterFront.map { summary.variants[$0].label } == ["hidden=4", "hidden=16", "hidden=64"])
        let text = try #require(summary.markdown(metric: results.metric))
        #expect(text.hasPrefix("By size, the best network with at most 42 parameters (hidden=4) reaches 0.91, 0.06 below the best overall with 15x fewer parameters; "
            + "the best network with at most 162 parameters (hidden=16) reaches 0.95, 0.02 below the best overall with 4x fewer parameters; "
            + "the best overall (hidden=64) has 642 parameters and reaches 0.97."), "\(text)")
        #expect(text.contains("| hidden=4 | 42 | 0.01 | 0.91 |"), "\(text)")
        #expect(!text.contains("hidden=32 |"), "hidden=32 is beaten by the smaller hidden=16")
        #expect(text.contains("By training time, the fastest variant on the front (hidden=4) takes 0.01 s per run and reaches 0.91"), "\(text)")
        #expect(CostQualitySummary.count(4226) == "4,226" && CostQualitySummary.count(12_400) == "12.4k")
    }

    @Test func theReportHasACostSectionAndAParetoChart() throws {
        let (results, records) = Self.sized()
        let notebook = NotebookDocument(path: "s.yaml", stem: "s", title: "Sizes", description: nil,
                                        cells: [.experiment(results.experiment)], contentHash: String(repeating: "ab", count: 32))
        let context = ReportContext(command: "gradbook run s.yaml", jobs: 1, cores: 2, wallSeconds: 1, date: "2026-12-01T00:00:00Z")
        let rendered = try ReportWriter.render(notebook: notebook, records: records, context: context, charts: ReportFixture.fixedCharts)
        #expect(rendered.markdown.contains("#### Cost against quality\n\n![Mean val_accuracy of every variant against its trainable parameters"))
        #expect(rendered.markdown.contains("(charts/size-pareto.png)"))
        #expect(rendered.notebook.contains("By size, the best network with at most 42 parameters"), "report.ipynb says it too")
        #expect(!rendered.markdown.contains("size-parallel.png"), "one swept parameter: no parallel coordinates")
    }

    @Test func randomSearchesGetBinnedTrendsAndThreeParametersAParallelChart() throws {
        func sweep(_ method: SearchMethodKind, values: Int) -> ExperimentResults {
            var variants: [Variant] = [], records: [RunRecord] = []
            for i in 0..<values {
                let lr = 0.001 * Double(i + 1)
                let parameters = [SweptValue(name: "training.learning_rate", value: .double(lr)),
                                  SweptValue(name: "model.activation", value: .string(i % 2 == 0 ? "relu" : "tanh")),
                                  SweptValue(name: "training.batch_size", value: .int(16 << (i % 3)))]
                let variant = Variant(id: "v\(i)", experiment: "e", label: "v\(i) seed=1", seed: 1, parameters: parameters,
                                      config: RunConfig(), resolved: .map([]), cost: 1)
                variants.append(variant)
                records.append(RunRecord(gradbookVersion: "0.1.0", experiment: "e", variant: variant.id, label: variant.label, seed: 1,
                                         parameters: Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.value) }), config: .map([]),
                                         status: .ok, reason: nil, divergedEpoch: nil, epochs: [], finalMetrics: ["val_accuracy": 0.5 + lr],
                                         seconds: 0.1, finishedAt: "2026-12-01T00:00:00Z"))
            }
            let experiment = Experiment(name: "e", method: method,
                                        parameters: [ParameterSweep(name: "training.learning_rate", summary: "", isLogScale: true, isCategorical: false),
                                                     ParameterSweep(name: "model.activation", summary: "", isLogScale: false, isCategorical: true),
                                                     ParameterSweep(name: "training.batch_size", summary: "", isLogScale: false, isCategorical: false)],
                                        seeds: [1], metric: RunConfig.Metric(name: "val_accuracy", goal: .maximize), variants: variants, line: 1)
            return ExperimentResults(experiment: experiment, records: records)
        }
        let smallGrid = sweep(.grid, values: 12), bigGrid = sweep(.grid, values: 13), random = sweep(.random, values: 20)
        #expect(!ExperimentCharts.usesBinnedTrend(smallGrid, parameter: "training.learning_rate"), "a grid of 12 values keeps its line")
        #expect(ExperimentCharts.usesBinnedTrend(bigGrid, parameter: "training.learning_rate"))
        #expect(ExperimentCharts.usesBinnedTrend(random, parameter: "training.learning_rate"))
        #expect(!ExperimentCharts.usesBinnedTrend(random, parameter: "model.activation"), "categories are never binned")
        let chart = try #require(ExperimentCharts.parallelChart(random))
        // Twenty learning rates on a log axis; three batch sizes as evenly spaced labels, in numeric order.
        #expect(chart.axes.map(\.kind) == [.numeric(log: true), .categorical(["relu", "tanh"]), .categorical(["16", "32", "64"])])
        #expect(chart.lines.count == 20 && chart.lines[0].values[1] == .category("tanh") && chart.lines[0].values[2] == .category("32"))
        #expect(ExperimentCharts.axisOrder([.list([.int(16), .int(16)]), .list([.int(32)]), .list([.int(4)])])
                == [.list([.int(4)]), .list([.int(32)]), .list([.int(16), .int(16)])])
        #expect(chart.metricName == "val_accuracy" && chart.higherIsBetter)
    }
}
