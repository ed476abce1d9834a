import Notebook

/// How long the rest of a sweep will take. Each run's seconds come from `CostModels` (its
/// experiment's `RunTimeModel`, calibrated on the runs that ended, at the share of epochs its
/// experiment's runs trained); the measured ratio of seconds taken to seconds predicted over the
/// ended runs corrects the model's level for the machine's current speed (load, other jobs), and
/// the measured gap between runs (process and record overhead) is added per run. The time left is
/// then the end of a replay of the scheduler: runs in flight finish their predicted remainder,
/// the rest go in schedule order to the worker free first, so a sweep's last long runs and a
/// sweep with fewer runs than workers are counted as the wall time they take, not as work / jobs.
public struct SweepEstimate: Sendable {
    public struct Run: Sendable, Equatable {
        public var experiment: String
        public var features: CostFeatures
        public init(experiment: String, features: CostFeatures) {
            self.experiment = experiment
            self.features = features
        }
    }

    public let runs: [Run]
    public let workers: Int
    public private(set) var done = 0
    private var ended: [Bool]
    /// Elapsed seconds at which each run in flight started.
    private var inFlight: [Int: Double] = [:]
    private var models = CostModels()
    /// Over the ended runs: seconds they took, and what the model predicts for what they trained.
    private var observedSeconds = 0.0
    private var endedFeatures: [(experiment: String, features: CostFeatures)] = []
    private var endedPredicted = 0.0
    /// `predictedSeconds` of every run at `models.revision == cachedRevision`: recomputed only when
    /// a model changed (geometric refits), so the ETA of a 100,000-run sweep stays linear.
    private var predictions: [Double]
    private var cachedRevision = 0

    public init(runs: [Run], workers: Int) {
        self.runs = runs
        self.workers = max(1, workers)
        ended = Array(repeating: false, count: runs.count)
        predictions = []
        predictions = runs.indices.map(predict)
    }

    /// Run `index` started `elapsed` seconds after the sweep did.
    public mutating func started(_ index: Int, elapsed: Double) {
        guard runs.indices.contains(index), !ended[index] else { return }
        inFlight[index] = elapsed
    }

    /// Run `index` ended after `seconds`, having trained `fraction` of its planned epochs (1: to
    /// its last epoch; 0: it failed before training any, and says nothing of its cost).
    public mutating func ended(_ index: Int, seconds: Double, fraction: Double) {
        guard runs.indices.contains(index), !ended[index] else { return }
        ended[index] = true
        inFlight[index] = nil
        done += 1
        guard fraction > 0, seconds.isFinite, seconds >= 0 else { return }
        let run = runs[index]
        models.observe(experiment: run.experiment, features: run.features, fraction: fraction, seconds: seconds)
        observedSeconds += seconds
        let trained = run.features.scaled(by: fraction)
        endedFeatures.append((run.experiment, trained))
        if models.revision != cachedRevision {
            cachedRevision = models.revision
            predictions = runs.indices.map(predict)
            endedPredicted = endedFeatures.reduce(0) { $0 + models.seconds(experiment: $1.experiment, features: $1.features) }
        } else {
            endedPredicted += models.seconds(experiment: run.experiment, features: trained)
        }
    }

    /// The model that predicts a run of `experiment`.
    public func model(for experiment: String) -> RunTimeModel { models.model(for: experiment) }

    /// Model seconds of run `index` not yet ended (before any correction for the machine's pace).
    public func predictedSeconds(_ index: Int) -> Double { predictions[index] }

    private func predict(_ index: Int) -> Double {
        models.expectedSeconds(experiment: runs[index].experiment, features: runs[index].features)
    }

    /// Seconds taken over seconds predicted, on the ended runs with the current models (1 before).
    public var pace: Double {
        endedPredicted > 0 && observedSeconds > 0 ? observedSeconds / endedPredicted : 1
    }

    /// Wall seconds until the last run ends, `elapsed` seconds after the sweep started; nil when
    /// nothing is left.
    public func secondsLeft(elapsed: Double) -> Double? {
        guard done < runs.count else { return nil }
        let pace = self.pace
        // Worker time not spent inside a run's recorded seconds, per ended run: starting it,
        // handing it its data, saving its record.
        let busy = inFlight.values.reduce(0) { $0 + max(0, elapsed - $1) }
        let gap = done > 0 ? max(0, Double(workers) * elapsed - observedSeconds - busy) / Double(done) : 0
        var free = [Double](repeating: 0, count: workers)
        for (slot, (index, start)) in inFlight.sorted(by: { $0.key < $1.key }).prefix(workers).enumerated() {
            free[slot] = max(0, pace * predictedSeconds(index) - (elapsed - start))
        }
        for index in runs.indices where !ended[index] && inFlight[index] == nil {
            var first = 0
            for slot in 1..<workers where free[slot] < free[first] { first = slot }
            free[first] += pace * predictedSeconds(index) + gap
        }
        return free.max() ?? 0
    }

    /// Finished runs per wall second.
    public func runsPerSecond(elapsed: Double) -> Double? {
        elapsed > 0 && done > 0 ? Double(done) / elapsed : nil
    }
}
