import Core
import Foundation
import Testing
@testable import Notebook
import Records
@testable import Report

@Suite struct ImportanceTests {
    static let learningRates: [ConfigValue] = [.double(0.0001), .double(0.001), .double(0.01), .double(0.1)]
    static let batchSizes: [ConfigValue] = [.int(16), .int(32), .int(64)]

    /// The must-show grid: the learning rate decides almost everything (accuracy 0.5 to 0.95 over
    /// four decades), the batch size nearly nothing (±0.002), the seeds a little (±0.005).
    static var knownGrid: SyntheticSweep {
        SyntheticSweep(parameters: [("training.learning_rate", learningRates, true, false),
                                    ("training.batch_size", batchSizes, false, false)])
    }

    static func knownValue(_ point: [ConfigValue], _ seed: Int) -> Double? {
        let rate = point[0].doubleValue!, batch = point[1].doubleValue!
        return 0.95 - 0.15 * abs(log10(rate) + 1) + 0.002 * (batch - 32) / 32 + 0.005 * SyntheticSweep.noise(point, seed)
    }

    @Test func learningRateDecidesAndBatchSizeBarelyMatters() throws {
        let sweep = Self.knownGrid
        let results = sweep.results(points: sweep.gridPoints, value: Self.knownValue)
        let importance = try #require(ParameterImportance(results))
        #expect(importance.method == .exact)
        #expect(importance.shares.first?.parameters == ["training.learning_rate"])
        let rate = try #require(importance.share(of: "training.learning_rate"))
        let batch = try #require(importance.share(of: "training.batch_size"))
        #expect(rate > 0.95)
        #expect(batch < 0.01)
        #expect(batch > 0)
        let total = importance.shares.map(\.share).reduce(0, +) + importance.interactions + importance.seedNoise
        #expect(abs(total - 1) < 1e-12)
        // The report: ranked table, sentence on how, and the advice on batch_size.
        let insight = ExperimentInsight(results)
        #expect(insight.advice.contains { $0.hasPrefix("**batch_size** barely matters here") })
        let builder = ReportBuilder(notebook: ReportFixture.notebook, results: [results], charts: [:], flows: [:],
                                    context: ReportFixture.context, insights: [results.experiment.name: insight])
        let table = try #require(builder.importanceSection(results))
        let rows = table.components(separatedBy: "\n").filter { $0.hasPrefix("| 1 ") || $0.hasPrefix("| 2 ") }
        #expect(rows.first?.contains("`learning_rate`") == true)
        #expect(rows.dropFirst().first?.contains("`batch_size`") == true)
    }

    /// With no pair effect and no seeds, an additive grid splits into its two main effects exactly.
    @Test func additiveGridHasNoPairShare() {
        let a = [0.0, 1, 2], b = [0.0, 10]
        let cells = a.flatMap { x in b.map { y in x + y } }
        let anova = FunctionalANOVA(cells: cells, levels: [3, 2])
        #expect(abs(anova.main[0] - 2.0 / 3) < 1e-12)
        #expect(abs(anova.main[1] - 25) < 1e-12)
        #expect(abs(anova.pairs[0][1]) < 1e-12)
        #expect(abs(anova.total - (2.0 / 3 + 25)) < 1e-12)
        // x * y has a pair effect: total = mains + pair.
        let product = a.flatMap { x in b.map { y in x * y } }
        let interacting = FunctionalANOVA(cells: product, levels: [3, 2])
        #expect(interacting.pairs[0][1] > 0)
        #expect(abs(interacting.main[0] + interacting.main[1] + interacting.pairs[0][1] - interacting.total) < 1e-12)
        #expect(interacting.higher == 0)
    }

    /// Diverged runs count as the worst finite value; the grid stays exact.
    @Test func divergedRunsCountAsTheWorstValue() throws {
        let sweep = Self.knownGrid
        let results = sweep.results(points: sweep.gridPoints) { point, seed in
            point[0].doubleValue! >= 0.1 ? nil : Self.knownValue(point, seed)
        }
        let importance = try #require(ParameterImportance(results))
        #expect(importance.method == .exact)
        #expect(importance.substituted == 9)
        let finite = results.records.compactMap { $0.finalMetrics["val_accuracy"] }.filter(\.isFinite)
        #expect(importance.worstValue == finite.min())
        #expect(importance.shares.first?.parameters == ["training.learning_rate"])
    }

    /// Runs cut at a hyperband band are left out and counted apart from timed-out ones, so the
    /// report does not call them timed out.
    @Test func terminatedRunsAreLeftOutAndCountedApart() throws {
        let sweep = Self.knownGrid
        var results = sweep.results(points: sweep.gridPoints) { point, seed in Self.knownValue(point, seed) }
        results.records[0].outcome.status = .terminated
        results.records[1].outcome.status = .timed_out
        let importance = try #require(ParameterImportance(results))
        #expect(importance.excluded == 2)
        #expect(importance.terminated == 1)
    }

    /// A random search: the forest estimate ranks the learning rate first, says how much it
    /// explains, and is the same every time.
    @Test func forestEstimateOnRandomSearch() throws {
        var sweep = SyntheticSweep(parameters: [("training.learning_rate", [], true, false),
                                                ("training.batch_size", [], false, false),
                                                ("model.activation", [.string("relu"), .string("tanh")], false, true)])
        sweep.method = .random
        sweep.seeds = [1]
        var generator = SeededGenerator(seed: 7)
        let points: [[ConfigValue]] = (0..<120).map { _ in
            [.double(pow(10, -4 + 3 * generator.nextDouble())), .int(16 + generator.nextInt(below: 49)),
             .string(generator.nextInt(below: 2) == 0 ? "relu" : "tanh")]
        }
        let value: ([ConfigValue], Int) -> Double? = { point, seed in
            let rate = point[0].doubleValue!
            return 0.95 - 0.15 * abs(log10(rate) + 2) + (point[2] == .string("relu") ? 0.03 : 0) + 0.002 * SyntheticSweep.noise(point, seed)
        }
        let results = sweep.results(points: points, value: value)
        let first = try #require(ParameterImportance(results))
        let second = try #require(ParameterImportance(results))
        #expect(first.method == .forest(trees: 64, runs: 120))
        #expect(first.shares == second.shares)
        #expect(first.shares.first?.parameters == ["training.learning_rate"])
        #expect(first.explained > 0.7)
        #expect((first.share(of: "model.activation") ?? 0) > (first.share(of: "training.batch_size") ?? 1))
        let total = first.shares.map(\.share).reduce(0, +) + first.interactions + first.seedNoise
        #expect(abs(total - 1) < 1e-9)
    }

    @Test func rangeEdgeAndStillFallingAdvice() throws {
        let sweep = Self.knownGrid
        // Best at the largest learning rate, curves still falling for everyone.
        let results = sweep.results(points: sweep.gridPoints, value: { point, seed in
            0.5 + 0.1 * (log10(point[0].doubleValue!) + 4) + 0.002 * SyntheticSweep.noise(point, seed)
        }, curve: { _, _ in (1...20).map { 1 / Double($0) } })
        let advice = ExperimentInsight(results).advice
        #expect(advice.contains { $0.contains("widen learning_rate above 0.1") })
        #expect(advice.contains { $0.hasSuffix("more epochs would help the top three.") })
    }
}
