import Core
import Datasets
import Foundation
import Notebook
import Records
import Testing
@testable import Runner

/// The cost model and the progress ETA, tested on recorded runs (the gallery's measured seconds and
/// a 2,000-run random sweep's), replayed in schedule order: never on timing taken in the test.
@Suite struct SweepEstimateTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Recorded {
        var experiment: String
        var features: CostFeatures
        var seconds: Double
        /// Share of its planned epochs the run trained (early stopping and divergence end runs early).
        var fraction: Double
    }

    static func run(flops: Double, steps: Double = 100, epochs: Double = 10) -> CostFeatures {
        CostFeatures(flops: flops, steps: steps, epochs: epochs)
    }

    // MARK: the model

    @Test func theTermsAreFoundExactlyAndAnOutlierDoesNotBendThem() {
        let truth = [2e-10, 3e-5, 6e-6, 1e-3, 0.004]
        func seconds(_ f: CostFeatures) -> Double { zip(truth, f.terms).reduce(0) { $0 + $1.0 * $1.1 } }
        var model = RunTimeModel()
        var all: [CostFeatures] = []
        for flops in stride(from: 1e7, through: 2e8, by: 1e7) {
            for (steps, epochs) in [(50.0, 5.0), (400.0, 20.0), (120.0, 40.0)] {
                for layers in [2.0, 4.0] { all.append(CostFeatures(flops: flops, steps: steps, epochs: epochs, layerSteps: layers * steps)) }
            }
        }
        for features in all { model.observe(features, seconds: seconds(features)) }
        for features in all { #expect(abs(model.seconds(for: features) / seconds(features) - 1) < 0.03, "\(model.coefficients)") }
        // One run slowed twenty-fold by a busy machine.
        model.observe(all[10], seconds: 20 * seconds(all[10]))
        for features in all { #expect(abs(model.seconds(for: features) / seconds(features) - 1) < 0.05, "\(model.coefficients)") }
    }

    @Test func priorThenOneRunThenTheTermsTheRunsCannotSeparateKeepThePriorsShares() {
        var model = RunTimeModel()
        #expect(!model.isCalibrated && model.coefficients == RunTimeModel.prior)
        let small = Self.run(flops: 1e6), big = Self.run(flops: 1e9)
        let priorRatio = RunTimeModel().seconds(for: small) / RunTimeModel().seconds(for: big)
        for seconds in [0.30, 0.32, 0.31] { model.observe(big, seconds: seconds) }
        #expect(abs(model.seconds(for: big) - 0.31) < 0.02)
        // Only one size seen: the small run is predicted in the prior's proportion, not through the origin.
        #expect(abs(model.seconds(for: small) / model.seconds(for: big) - priorRatio) < 0.05 * priorRatio)
        #expect(model.coefficients.allSatisfy { $0 >= 0 })
    }

    @Test func anEarlyStoppedRunCountsAtItsShareAndItsExperimentsRunsArePredictedSo() {
        var models = CostModels()
        let full = Self.run(flops: 5e8)
        for _ in 0..<4 { models.observe(experiment: "early", features: full, fraction: 0.25, seconds: 0.1) }
        #expect(abs(models.expectedFraction("early") - 0.25) < 1e-12 && models.expectedFraction("other") == 1)
        let quarter = models.expectedSeconds(experiment: "early", features: full)
        #expect(abs(quarter - 0.1) < 0.01, "a run of the experiment is expected to stop as early: \(quarter)")
        #expect(models.seconds(experiment: "early", features: full) > 2.5 * quarter, "trained in full it takes longer")
    }

    @Test func perExperimentModelsFallBackToTheSweepsThenThePrior() {
        let one = Self.run(flops: 1e8), two = Self.run(flops: 2e8)
        var estimate = SweepEstimate(runs: [.init(experiment: "a", features: one), .init(experiment: "a", features: two),
                                            .init(experiment: "b", features: one)], workers: 2)
        let prior = RunTimeModel()
        // Before any run: the prior replayed on two workers (the big and one small on one, the other small on the other).
        let expected = max(prior.seconds(for: one) * 2, prior.seconds(for: two))
        #expect(abs(estimate.secondsLeft(elapsed: 0)! - expected) < 1e-12)
        estimate.ended(1, seconds: 4, fraction: 1)
        #expect(estimate.model(for: "b") == estimate.model(for: "a"), "b borrows a's calibration")
        estimate.ended(2, seconds: 1, fraction: 1)
        #expect(estimate.model(for: "b") != estimate.model(for: "a"), "b's own run calibrates b")
        estimate.ended(0, seconds: 2, fraction: 0)
        #expect(estimate.secondsLeft(elapsed: 3) == nil)
    }

    @Test func runsInFlightAndTheLastLongRunCountAsTheWallTimeTheyTake() {
        let long = Self.run(flops: 1e10), short = Self.run(flops: 1e7)
        var estimate = SweepEstimate(runs: [.init(experiment: "a", features: long)] + Array(repeating: .init(experiment: "a", features: short), count: 4), workers: 4)
        let longSeconds = estimate.predictedSeconds(0)
        estimate.started(0, elapsed: 0)
        // Fewer runs than workers' worth: the long run alone decides, not the work over four workers.
        #expect(abs(estimate.secondsLeft(elapsed: 0.5 * longSeconds)! - 0.5 * longSeconds) < 0.01 * longSeconds)
    }

    // MARK: the ETA on recorded sweeps

    /// The measure behind "within 20% once a tenth of the cost is done". Replays `runs` (in schedule
    /// order) on `workers` simulated workers with their recorded seconds, each run to the worker
    /// free first, as the sweep runner schedules them. At the end of every run, once a tenth of the
    /// sweep's total recorded seconds has ended and while at least a tenth of its wall time is
    /// left, the estimate of the time left is compared with the replay's true time left. Returns
    /// the worst relative error |estimate - truth| / truth over all those moments.
    static func worstError(_ runs: [Recorded], workers: Int) -> Double {
        var estimate = SweepEstimate(runs: runs.map { .init(experiment: $0.experiment, features: $0.features) }, workers: workers)
        var free = [Double](repeating: 0, count: workers)
        var events: [(time: Double, isEnd: Bool, index: Int)] = []
        for (index, run) in runs.enumerated() {
            let slot = free.indices.min { free[$0] < free[$1] }!
            events.append((free[slot], false, index))
            free[slot] += run.seconds
            events.append((free[slot], true, index))
        }
        // At equal times a run's end comes before the next run's start.
        events.sort { ($0.time, $0.isEnd ? 0 : 1, $0.index) < ($1.time, $1.isEnd ? 0 : 1, $1.index) }
        let total = runs.map(\.seconds).reduce(0, +), makespan = free.max()!
        var doneSeconds = 0.0, worst = 0.0
        for event in events {
            guard event.isEnd else { estimate.started(event.index, elapsed: event.time); continue }
            let run = runs[event.index]
            estimate.ended(event.index, seconds: run.seconds, fraction: run.fraction)
            doneSeconds += run.seconds
            let left = makespan - event.time
            guard doneSeconds >= 0.1 * total, left >= 0.1 * makespan, let predicted = estimate.secondsLeft(elapsed: event.time) else { continue }
            worst = max(worst, abs(predicted - left) / left)
        }
        return worst
    }

    static var catalog: DatasetCatalog {
        var shapes: [String: (samples: Int, features: Int, outputs: Int)] = [:]
        var tasks: [String: LearningTask] = [:]
        for info in DatasetLoader.catalog {
            shapes[info.name] = (info.samples, info.features, info.outputs)
            tasks[info.name] = info.task
        }
        return DatasetCatalog(tasks: tasks, shapes: shapes)
    }

    /// A gallery notebook's variants in schedule order with the seconds its committed results.json recorded.
    static func gallery(_ stem: String) throws -> [Recorded] {
        // Seconds pinned from one recording of the gallery (release build, AMD EPYC Zen 1, loaded
        // 2-core machine): regenerating the committed reports must not move this test's data.
        try recorded(notebook: "experiments/\(stem).yaml", seconds: "Tests/RunnerTests/Fixtures/gallery-seconds/\(stem).csv")
    }

    /// A notebook's variants in schedule order with the seconds a recording of it measured (paths
    /// relative to the repository).
    static func recorded(notebook path: String, seconds secondsPath: String) throws -> [Recorded] {
        let notebook = try NotebookLoader.load(path: root.appendingPathComponent(path).path, catalog: catalog)
        let text = try String(contentsOf: root.appendingPathComponent(secondsPath), encoding: .utf8)
        // Columns: variant, seconds, status, epochs trained (deterministic: the report's results.csv).
        var seconds: [String: (Double, Int)] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",").map(String.init)
            seconds[fields[0]] = (Double(fields[1])!, Int(fields[3])!)
        }
        return ShardPlanner.scheduleOrder(notebook.variants).compactMap { variant in
            (seconds[variant.id] ?? variant.legacyID.flatMap { seconds[$0] }).map {
                Recorded(experiment: variant.experiment, features: variant.costTerms, seconds: $0.0,
                         fraction: Double($0.1) / Double(variant.config.training.epochs))
            }
        }
    }

    /// Worst errors measured with this model (1 and 2 workers): width-vs-depth 0.10 / 0.05,
    /// regularization 0.07 / 0.09, learning-rate 0.20 / 0.15 meet the goal.
    @Test(arguments: ["width-vs-depth", "regularization", "learning-rate"])
    func etaOfAGallerySweepIsWithinTwentyPercent(stem: String) throws {
        let runs = try Self.gallery(stem)
        #expect(runs.count >= 15, "the recorded runs were found")
        for workers in [1, 2] {
            let worst = Self.worstError(runs, workers: workers)
            #expect(worst <= 0.2, "\(stem), \(workers) workers: worst ETA error \(worst)")
        }
    }

    /// Known shortfall, kept at the goal, not relaxed (worst errors, 1 / 2 workers): digits-grid
    /// 0.26 / 0.23, batch-lr 0.40 / 0.38, activations-depth 0.52 / 0.56. Their runs are scheduled
    /// largest first and the largest share one set of steps and epochs, so while only those have
    /// ended the split between per-FLOP and per-step/per-epoch seconds is the prior's, and the
    /// recorded runs disagree with any one prior: digits' small runs cost in proportion to their
    /// FLOPs, spirals' (activations-depth) cost ~2 ms per epoch whatever their size, and identical
    /// configurations differ up to 4x in seconds on this loaded machine.
    @Test(arguments: ["digits-grid", "batch-lr", "activations-depth"])
    func etaOfAGallerySweepWhoseFirstRunsCannotTellTheTermsApart(stem: String) throws {
        let runs = try Self.gallery(stem)
        #expect(runs.count >= 15, "the recorded runs were found")
        withKnownIssue("ETA within 20% not yet met while only the largest runs have ended", isIntermittent: true) {
            for workers in [1, 2] {
                let worst = Self.worstError(runs, workers: workers)
                #expect(worst <= 0.2, "\(stem), \(workers) workers: worst ETA error \(worst)")
            }
        }
        // What holds: never off by more than a factor of two once a tenth is done.
        for workers in [1, 2] { #expect(Self.worstError(runs, workers: workers) <= 1.0, "\(stem), \(workers) workers") }
    }

    /// `Fixtures/sweep-seconds/moons-random-2000.*`: the sweep bench's notebook (2,000 random
    /// variants of tiny moons networks, 10 epochs) and the seconds one `gradbook run --jobs 2` of it
    /// recorded on a quiet machine (release build of 9e69a52, AMD EPYC Zen 1, load 0.3, sampled by
    /// `perf record` at 2 kHz): the model's own error, without a load that rises and falls.
    /// Known shortfall (worst error 0.34 on 1 and 2 workers; 0.39 before the layer-step term):
    /// the deepest networks run first, and while only they have ended (the first quarter of the
    /// runs) the split between the per-run term and the rest is the prior's, whose per-run 5 ms
    /// (fitted on loaded recordings of bigger runs) is seven times what these runs take; the
    /// smaller ones are then predicted a third too slow. A prior with these runs' own per-run
    /// and per-layer-step seconds meets the goal, but would be fitted on the data this replays.
    @Test func etaOfA2000RunRandomSweepRecordedOnAQuietMachine() throws {
        let runs = try Self.recorded(notebook: "Tests/RunnerTests/Fixtures/sweep-seconds/moons-random-2000.yaml",
                                     seconds: "Tests/RunnerTests/Fixtures/sweep-seconds/moons-random-2000.csv")
        #expect(runs.count == 2000)
        withKnownIssue("ETA within 20% not yet met while only the deepest tiny runs have ended") {
            for workers in [1, 2] {
                let worst = Self.worstError(runs, workers: workers)
                #expect(worst <= 0.2, "\(workers) workers: worst ETA error \(worst)")
            }
        }
        // What holds: within 40% once a tenth is done.
        for workers in [1, 2] { #expect(Self.worstError(runs, workers: workers) <= 0.4, "\(workers) workers") }
    }

    /// `Fixtures/moons-random-2000.csv`: experiment, work, seconds and status of a 2,000-run random
    /// sweep of tiny networks (release build, AMD EPYC Zen 1, --jobs 2), in schedule order. The
    /// file kept only the unitless work; each value is one network on moons' 2 inputs and 2
    /// classes, 80 training and 20 validation samples, 30 epochs (work = weights x 80 x 30), so
    /// the features are rebuilt from it with the defaults the sweep used (batch 32, relu).
    static let moonsHidden: [Double: [Double]] = [52800: [4], 100800: [8], 196800: [16], 388800: [32], 772800: [64],
                                                  849600: [16, 16], 2923200: [32, 32]]
    @Test func etaOfA2000RunRandomSweepIsWithinTwentyPercent() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("Tests/RunnerTests/Fixtures/moons-random-2000.csv"), encoding: .utf8)
        let runs = text.split(separator: "\n").dropFirst().map { line -> Recorded in
            let fields = line.split(separator: ",").map(String.init)
            let hidden = Self.moonsHidden[Double(fields[1])!]!
            let features = CostFeatures(widths: [2] + hidden + [2], training: 80, validation: 20, evaluated: 100, batchSize: 32, epochs: 30,
                                        activation: .relu, optimizer: TrainingDefaults.optimizer, normalized: false, dropout: false)
            return Recorded(experiment: fields[0], features: features, seconds: Double(fields[2])!, fraction: fields[3] == "ok" ? 1 : 0)
        }
        #expect(runs.count == 2000)
        // Known shortfall (worst error 1.67 on 1 and 2 workers, as with the unitless model): every
        // run shares one set of steps and epochs, and its seconds are the machine's load more than
        // the network's: heavy tails (median 2 ms, mean 5 ms at the smallest size), the same size
        // costing 3x more in the sweep's loaded middle than at its end, and the 772,800-work runs
        // costing more than the 2,923,200 ones. No model of the variant foresees the load falling.
        withKnownIssue("ETA within 20% not yet met on noisy recorded seconds") {
            for workers in [1, 2] {
                let worst = Self.worstError(runs, workers: workers)
                #expect(worst <= 0.2, "\(workers) workers: worst ETA error \(worst)")
            }
        }
    }
}
