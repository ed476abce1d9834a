import Records
import Core
import Foundation
import Testing
@testable import Notebook
@testable import Report

@Suite struct ReportAnalysisTests {
    var results: ExperimentResults {
        ExperimentResults(experiment: ReportFixture.lrExperiment, records: ReportFixture.records)
    }

    @Test func variantsAreAggregatedOverSeedsAndRanked() throws {
        let results = self.results
        #expect(results.groups.count == 6)
        let best = try #require(results.best)
        #expect(best.label == "lr=0.1 act=relu")
        #expect(best.stats?.n == 2)
        #expect(abs((best.stats?.mean ?? 0) - 0.915) < 1e-12)
        // Diverged points have no metric and rank after every finished one.
        #expect(results.groups.suffix(2).allSatisfy { $0.stats == nil })
        #expect(results.groups.first { $0.label == "lr=0.01 act=sigmoid" }?.missing.count == 1)
    }

    @Test func divergenceBoundaryIsStated() {
        let results = self.results
        let sentences = FailureBoundary.sentences(records: results.records, parameters: results.parameterNames,
                                                  categorical: ["model.activation"])
        #expect(sentences.contains("Every run with learning_rate >= 0.3 diverged; every run with learning_rate <= 0.1 did not."))
        // One failure among several sigmoid runs is no boundary.
        #expect(!sentences.contains { $0.contains("activation") })
    }

    @Test func categoricalBoundary() {
        let records = ReportFixture.lrExperiment.variants.map { variant in
            ReportFixture.record(variant, status: variant.config.model.activation == .sigmoid ? .diverged : .ok)
        }
        let sentences = FailureBoundary.sentences(
            records: records, parameters: [("training.learning_rate", "learning_rate"), ("model.activation", "activation")],
            categorical: ["model.activation"])
        #expect(sentences == ["Every run with activation = sigmoid diverged, and no other run did."])
    }

    @Test func gradientFlowSentenceContrastsVariants() throws {
        let flow = GradientFlowSummary(results: results)
        let sentence = try #require(flow.sentence)
        #expect(sentence.contains("the first layer receives 1/1000 of the last layer's gradient"))
        #expect(sentence.contains("1/3."))
        #expect(flow.charted.first?.label == "lr=0.1 act=relu")
        #expect(flow.charted.count == 2)
        #expect(flow.charted[1].label.contains("sigmoid"))
    }

    @Test func marginalEffects() throws {
        let rows = results.marginals(for: "training.learning_rate")
        #expect(rows.map(\.value) == ["0.01", "0.1", "0.3"])
        #expect(rows[2].mean == nil)
        #expect(rows[2].failedRuns == 4)
        let activation = results.marginals(for: "model.activation")
        #expect(activation.map(\.value) == ["relu", "sigmoid"])
    }

    @Test func manyRandomValuesAreBinned() {
        var experiment = ReportFixture.lrExperiment
        experiment.variants = (1...20).map { index in
            ReportFixture.variant(Double(index) * 0.001, "relu", seed: 1)
        }
        let buckets = ValueBuckets.make(distinct: ExperimentResults(experiment: experiment, records: [])
                                            .distinctValues(of: "training.learning_rate"), logScale: true)
        #expect(buckets.count == ValueBuckets.binCount)
        #expect(buckets.first?.contains(.double(0.001)) == true)
        #expect(buckets.last?.contains(.double(0.02)) == true)
    }
}

@Suite struct GradientFlowContrastTests {
    /// Sigmoid vs relu at depths 1 and 8: the sentence contrasts deep sigmoid with deep relu first.
    @Test func deepSigmoidAgainstDeepRelu() throws {
        let ratios: [String: Double] = ["sigmoid-1": 0.25, "sigmoid-8": 0.001, "relu-1": 0.5, "relu-8": 1.0 / 3]
        var variants: [Variant] = []
        var records: [RunRecord] = []
        for activation in ["sigmoid", "relu"] {
            for depth in [1, 8] {
                let hidden = ConfigValue.list(Array(repeating: .int(32), count: depth))
                let label = "act=\(activation) depth=\(depth) seed=1"
                let variant = Variant(id: "\(activation)\(depth)", experiment: "depth", label: label, seed: 1,
                                      parameters: [SweptValue(name: "model.activation", value: .string(activation)),
                                                   SweptValue(name: "model.hidden", value: hidden)],
                                      config: RunConfig(), resolved: .map([]), cost: 1)
                variants.append(variant)
                let last = 0.1
                let layers = (0...depth).map { index -> LayerStatistics in
                    let ratio = ratios["\(activation)-\(depth)"]!
                    let rms = last * pow(ratio, Double(depth - index) / Double(depth))
                    return LayerStatistics(gradientRMS: rms, weightRMS: 1, updateRatio: 0.001)
                }
                var record = ReportFixture.record(variant)
                record.epochs = record.epochs.map { var entry = $0; entry.layers = layers; return entry }
                records.append(record)
            }
        }
        var experiment = ReportFixture.lrExperiment
        experiment.name = "depth"
        experiment.parameters = [ParameterSweep(name: "model.activation", summary: "values [sigmoid, relu]", isLogScale: false, isCategorical: true),
                                 ParameterSweep(name: "model.hidden", summary: "values [[32], [32 x 8]]", isLogScale: false, isCategorical: true)]
        experiment.seeds = [1]
        experiment.variants = variants
        let flow = GradientFlowSummary(results: ExperimentResults(experiment: experiment, records: records))
        #expect(flow.sentence == "In the first epoch, with `act=sigmoid depth=8` the first layer receives 1/1000 of the last "
            + "layer's gradient; with `act=relu depth=8` 1/3; with `act=sigmoid depth=1` 1/4.")
    }
}

@Suite struct ConditionalBoundaryTests {
    /// SGD diverges from lr 0.3 on; Adam never does: the sentence names the boundary per optimizer.
    @Test func boundaryWithinEachOptimizer() {
        let rates = [0.01, 0.1, 0.3, 1.0]
        var records: [RunRecord] = []
        for optimizer in ["adam", "sgd"] {
            for rate in rates {
                var record = ReportFixture.record(ReportFixture.variant(rate, "relu", seed: 1),
                                                  status: optimizer == "sgd" && rate >= 0.3 ? .diverged : .ok)
                record.parameters = ["training.optimizer": .string(optimizer), "training.learning_rate": .double(rate)]
                records.append(record)
            }
        }
        let sentences = FailureBoundary.sentences(
            records: records, parameters: [("training.optimizer", "optimizer"), ("training.learning_rate", "learning_rate")],
            categorical: ["training.optimizer"])
        #expect(sentences == [
            "With optimizer = sgd, every run with learning_rate >= 0.3 diverged; every run with learning_rate <= 0.1 did not.",
            "With optimizer = adam, no run diverged (learning_rate up to 1).",
        ])
    }
}
