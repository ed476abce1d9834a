extension RunConfig.Metric {
    /// A metric a cell names without its goal (`compare: {metric: val_loss}`, a chart's `y`): the goal
    /// the notebook would infer for it (accuracies and r2 up, losses and errors down).
    public static func named(_ name: String) -> RunConfig.Metric {
        RunConfig.Metric(name: name, goal: ConfigBuilder.inferredGoal(name))
    }
}
