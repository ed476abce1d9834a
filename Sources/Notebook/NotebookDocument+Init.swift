extension Variant {
    /// A variant for a configuration, with id and resolved tree computed as the loader does
    /// (data paths stay absolute here; the loader writes them relative to the notebook).
    /// Handy for other modules' tests that build variants by hand.
    public init(experiment: String, label: String, parameters: [SweptValue] = [], config: RunConfig, cost: Double = 1) {
        let resolved = config.resolved
        self.init(id: Variant.id(of: resolved), experiment: experiment, label: label, seed: config.training.seed,
                  parameters: parameters, config: config, resolved: resolved, cost: cost)
    }
}
