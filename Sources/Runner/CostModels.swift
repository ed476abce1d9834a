import Notebook

/// One `RunTimeModel` per experiment and one pooled over all, so that a run is predicted from its
/// own experiment's ended runs once there are some, else from the sweep's, else the prior; and
/// each experiment's observed share of planned epochs its runs trained (early stopping ends runs
/// early), which scales the prediction of its runs not yet ended. The progress ETA
/// (`SweepEstimate`), shard balancing's prior (`ShardPlanner`) and the time budget (`BudgetGate`)
/// all predict with it: the one place for how long a run takes.
public struct CostModels: Sendable {
    private var models: [String: RunTimeModel] = [:]
    private var pooled = RunTimeModel()
    private var fractions: [String: (sum: Double, count: Int)] = [:]
    /// Changes whenever a prediction may have: a refit or a new observed share of epochs.
    public private(set) var revision = 0

    public init() {}

    /// A run of `experiment` with `features` ended after `seconds`, having trained `fraction` of
    /// its planned epochs (1 for a run that trained to its last epoch).
    public mutating func observe(experiment: String, features: CostFeatures, fraction: Double = 1, seconds: Double) {
        let share = min(1, max(0, fraction))
        let before = (expectedFraction(experiment), models[experiment]?.coefficients, pooled.coefficients)
        fractions[experiment, default: (0, 0)].sum += share
        fractions[experiment, default: (0, 0)].count += 1
        if share > 0 {
            let trained = features.scaled(by: share)
            models[experiment, default: RunTimeModel()].observe(trained, seconds: seconds)
            pooled.observe(trained, seconds: seconds)
        }
        if before != (expectedFraction(experiment), models[experiment]?.coefficients, pooled.coefficients) { revision += 1 }
    }

    /// The model that predicts a run of `experiment`.
    public func model(for experiment: String) -> RunTimeModel {
        if let own = models[experiment], own.isCalibrated { return own }
        return pooled
    }

    /// The share of planned epochs `experiment`'s runs trained so far (1 before any ended).
    public func expectedFraction(_ experiment: String) -> Double {
        guard let seen = fractions[experiment], seen.count > 0 else { return 1 }
        return seen.sum / Double(seen.count)
    }

    /// Seconds of a run of `experiment` trained in full.
    public func seconds(experiment: String, features: CostFeatures) -> Double { model(for: experiment).seconds(for: features) }

    /// Seconds of a run of `experiment` not yet ended, at its experiment's observed share of epochs.
    public func expectedSeconds(experiment: String, features: CostFeatures) -> Double {
        model(for: experiment).seconds(for: features.scaled(by: expectedFraction(experiment)))
    }
}

import Records

extension CostModels {
    /// The share of its planned epochs an ended run trained: what its seconds paid for.
    public static func trainedFraction(_ record: RunRecord, planned: Int) -> Double {
        planned > 0 ? min(1, Double(record.epochCount) / Double(planned)) : 1
    }
}
