extension Variant {
    /// A variant for a configuration, with id and resolved tree computed exactly as the loader
    /// does (handy for other modules' tests that build variants by hand).
    public init(experiment: String, label: String, parameters: [SweptValue] = [], config: RunConfig, cost: Double = 1) {
        self.init(id: config.variantID, experiment: experiment, label: label, seed: config.training.seed,
                  parameters: parameters, config: config, resolved: config.resolved, cost: cost)
    }
}
