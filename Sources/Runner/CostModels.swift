import Notebook

/// One `CostModel` per experiment and one pooled over all, so that a run is predicted from its
/// own experiment's finished runs once there are some, else from the sweep's, else the prior.
/// The progress ETA (`SweepEstimate`) and the time budget (`BudgetGate`) both predict with it.
public struct CostModels: Sendable {
    private var models: [String: CostModel] = [:]
    private var pooled = CostModel()

    public init() {}

    /// A run of `experiment` that trained to its last epoch in `seconds`.
    public mutating func observe(experiment: String, work: Double, seconds: Double) {
        models[experiment, default: CostModel()].observe(work: work, seconds: seconds)
        pooled.observe(work: work, seconds: seconds)
    }

    /// The model that predicts a run of `experiment`.
    public func model(for experiment: String) -> CostModel {
        if let own = models[experiment], own.isCalibrated { return own }
        return pooled
    }

    public func seconds(experiment: String, work: Double) -> Double { model(for: experiment).seconds(forWork: work) }
}
