import Notebook

/// How long the rest of a sweep will take: each run's seconds from its experiment's `CostModel`
/// (calibrated on that experiment's finished runs; before any, on the sweep's; before any at all,
/// the prior), and the sweep's measured pace, predicted seconds finished per wall second, which
/// takes in the number of workers, their overhead and how loaded the machine is. The constant
/// error of a model cancels in that ratio: what matters is how runs compare to each other.
public struct SweepEstimate: Sendable {
    public struct Run: Sendable, Equatable {
        public var experiment: String
        /// `Variant.cost`.
        public var work: Double
        public init(experiment: String, work: Double) {
            self.experiment = experiment
            self.work = work
        }
    }

    public let runs: [Run]
    public let workers: Int
    public private(set) var done = 0
    private var ended: [Bool]
    private var models = CostModels()

    public init(runs: [Run], workers: Int) {
        self.runs = runs
        self.workers = max(1, workers)
        ended = Array(repeating: false, count: runs.count)
    }

    /// Run `index` ended after `seconds`; only a run that trained to its last epoch calibrates.
    public mutating func ended(_ index: Int, seconds: Double, calibrates: Bool) {
        guard !ended[index] else { return }
        ended[index] = true
        done += 1
        guard calibrates else { return }
        models.observe(experiment: runs[index].experiment, work: runs[index].work, seconds: seconds)
    }

    /// The model that predicts a run of `experiment`.
    public func model(for experiment: String) -> CostModel { models.model(for: experiment) }

    public func predictedSeconds(_ index: Int) -> Double { model(for: runs[index].experiment).seconds(forWork: runs[index].work) }

    /// Wall seconds until the last run ends, `elapsed` seconds after the sweep started; before any
    /// run ended, the prior spread over the workers; nil when nothing is left.
    public func secondsLeft(elapsed: Double) -> Double? {
        var finished = 0.0, remaining = 0.0
        for index in runs.indices {
            if ended[index] { finished += predictedSeconds(index) } else { remaining += predictedSeconds(index) }
        }
        guard done < runs.count else { return nil }
        guard done > 0, finished > 0, elapsed > 0 else { return remaining / Double(workers) }
        return remaining * elapsed / finished
    }

    /// Finished runs per wall second.
    public func runsPerSecond(elapsed: Double) -> Double? {
        elapsed > 0 && done > 0 ? Double(done) / elapsed : nil
    }
}
