import Records
import Core
import Foundation
import Testing
@testable import Notebook
@testable import Report

/// Categories read in the order the notebook declares them (numbers ascending), never in metric
/// order or string order: activations sigmoid, tanh, relu, gelu; hidden [32], [32, 32], [32]*4.
@Suite struct CategoryOrderTests {
    static let activations = ["sigmoid", "tanh", "relu", "gelu"]
    static let hidden: [ConfigValue] = [[32], [32, 32], [32, 32, 32, 32]].map { .list($0.map(ConfigValue.int)) }
    static let rates = [0.1, 0.001, 0.01]

    /// A grid declared rate x hidden x activation, whose metric ranks the values against declaration
    /// (gelu best, sigmoid worst; deepest best) so metric order and declared order differ.
    static var results: ExperimentResults {
        var variants: [Variant] = []
        for rate in rates {
            for (depth, hidden) in hidden.enumerated() {
                for activation in activations {
                    let parameters = [SweptValue(name: "training.learning_rate", value: .double(rate)),
                                      SweptValue(name: "model.hidden", value: hidden),
                                      SweptValue(name: "model.activation", value: .string(activation))]
                    variants.append(Variant(id: "\(rate)-\(depth)-\(activation)", experiment: "order",
                                            label: "lr=\(rate) depth=\(depth) act=\(activation) seed=1", seed: 1,
                                            parameters: parameters, config: RunConfig(), resolved: .map([]), cost: 1))
                }
            }
        }
        let experiment = Experiment(
            name: "order", method: .grid,
            parameters: [ParameterSweep(name: "training.learning_rate", summary: "", isLogScale: false, isCategorical: false),
                         ParameterSweep(name: "model.hidden", summary: "", isLogScale: false, isCategorical: true),
                         ParameterSweep(name: "model.activation", summary: "", isLogScale: false, isCategorical: true)],
            seeds: [1], metric: RunConfig.Metric(name: "val_accuracy", goal: .maximize), variants: variants, line: 1)
        let records = variants.map { variant -> RunRecord in
            let activation = Double(activations.firstIndex(of: variant.parameters[2].value.display) ?? 0)
            let depth = Double(hidden.firstIndex(of: variant.parameters[1].value) ?? 0)
            let accuracy = 0.5 + 0.1 * activation + 0.05 * depth
            return RunRecord(gradbookVersion: "0.1.0", experiment: "order", variant: variant.id, label: variant.label,
                             seed: 1, parameters: Dictionary(uniqueKeysWithValues: variant.parameters.map { ($0.name, $0.value) }),
                             config: .map([]), status: .ok, reason: nil, divergedEpoch: nil, epochs: [],
                             finalMetrics: ["val_accuracy": accuracy], seconds: 1, finishedAt: "2026-11-29T04:00:00Z")
        }
        return ExperimentResults(experiment: experiment, records: records)
    }

    @Test func marginalTablesFollowTheDeclaration() {
        let results = Self.results
        #expect(results.marginals(for: "model.activation").map(\.value) == ["sigmoid", "tanh", "relu", "gelu"])
        #expect(results.marginals(for: "model.hidden").map(\.value) == ["[32]", "[32, 32]", "[32]*4"])
        #expect(results.marginals(for: "training.learning_rate").map(\.value) == ["0.001", "0.01", "0.1"])
    }

    @Test func heatmapRowsAndColumnsFollowTheDeclaration() throws {
        let results = Self.results
        let chart = try #require(ExperimentCharts.heatmap(results, x: ("model.hidden", "hidden"), y: ("model.activation", "activation")))
        #expect(chart.xLabels == ["[32]", "[32, 32]", "[32]*4"])
        #expect(chart.yLabels == ["sigmoid", "tanh", "relu", "gelu"])
        let rates = try #require(ExperimentCharts.heatmap(results, x: ("training.learning_rate", "lr"), y: ("model.hidden", "hidden")))
        #expect(rates.xLabels == ["0.001", "0.01", "0.1"])
    }

    @Test func categoricalAxesAndColourGroupsFollowTheDeclaration() {
        let results = Self.results
        let byActivation = ExperimentCharts.metricChart(results, parameter: ("model.activation", "activation"),
                                                        group: ("training.learning_rate", "learning_rate"))
        #expect(byActivation.categoryOrder == ["sigmoid", "tanh", "relu", "gelu"])
        #expect(byActivation.groupOrder == ["0.001", "0.01", "0.1"])
        let byRate = ExperimentCharts.metricChart(results, parameter: ("training.learning_rate", "learning_rate"),
                                                  group: ("model.hidden", "hidden"))
        #expect(byRate.groupOrder == ["[32]", "[32, 32]", "[32]*4"])
        #expect(byRate.points.allSatisfy { if case .number = $0.x { return true } else { return false } })
    }

    /// Values only stored records have (the notebook changed since) come after the declared ones.
    @Test func onlyAParameterWithFewValuesColoursAMetricChart() throws {
        let results = Self.results
        let parameters = results.parameterNames
        #expect(ExperimentCharts.colourParameter(for: "model.hidden", among: parameters, results: results)?.name == "training.learning_rate")
        // Nine learning rates (more than the palette's colours): the next parameter colours instead.
        var many = results
        for index in many.experiment.variants.indices {
            many.experiment.variants[index].parameters[0].value = .double(0.001 * Double(index % 9 + 1))
        }
        many = ExperimentResults(experiment: many.experiment, records: many.records.enumerated().map { index, record in
            var record = record
            record.parameters["training.learning_rate"] = .double(0.001 * Double(index % 9 + 1))
            return record
        })
        #expect(many.distinctValues(of: "training.learning_rate").count == 9)
        #expect(ExperimentCharts.colourParameter(for: "model.hidden", among: many.parameterNames, results: many)?.name == "model.activation")
        let chart = ExperimentCharts.metricChart(many, parameter: ("model.hidden", "hidden"),
                                                 group: ExperimentCharts.colourParameter(for: "model.hidden", among: many.parameterNames, results: many))
        #expect(Set(chart.points.compactMap(\.group)).count == 4)
    }

    /// The distinct values are worked out once per results value; a copy whose variants changed
    /// works them out again instead of reading the original's.
    @Test func anEditedCopyWorksItsDistinctValuesOutAgain() {
        let results = Self.results
        let original = results.distinctValues(of: "model.activation")
        var edited = results
        edited.experiment.variants.removeAll { $0.parameters[2].value == .string("sigmoid") }
        let fresh = ValueBuckets.distinctValues(parameter: "model.activation", variants: edited.experiment.variants,
                                                groups: edited.groups)
        #expect(fresh != original)
        #expect(edited.distinctValues(of: "model.activation") == fresh)
        #expect(results.distinctValues(of: "model.activation") == original)
    }

    @Test func undeclaredValuesComeLast() {
        var results = Self.results
        results.experiment.variants.removeAll { $0.parameters[2].value == .string("sigmoid") }
        let order = ValueBuckets.distinctValues(parameter: "model.activation", variants: results.experiment.variants,
                                                groups: results.groups)
        #expect(order.map(\.display) == ["tanh", "relu", "gelu", "sigmoid"])
    }
}
