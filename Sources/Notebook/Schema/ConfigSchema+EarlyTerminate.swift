import Core

extension ConfigSchema {
    /// Keys of an experiment's `early_terminate` (W&B's names). Operational: they decide which runs
    /// train to the end, never what a run computes, so no variant id contains them.
    static let earlyTerminate: [ConfigKey<Hyperband>] = [
        ConfigKey("type", accepts: "`hyperband`", "the early-termination scheme (W&B's only one)", role: .operational, since: 2,
                  read: { context, node, _ in _ = context.reader.choice(node, "early_terminate.type", ["hyperband"]) },
                  resolve: { _ in .string("hyperband") }),
        ConfigKey("min_iter", accepts: "integer >= 1, below `training.epochs`",
                  "the first band (epoch); the next ones are min_iter * eta^k", role: .operational, since: 2,
                  read: { context, node, spec in spec.minIter = context.reader.int(node, "early_terminate.min_iter", atLeast: 1) },
                  resolve: { $0.minIter.map(ConfigValue.int) ?? .null }),
        ConfigKey("max_iter", accepts: "integer >= 1 (with `s`)",
                  "instead of min_iter: bands at max_iter / eta^k for k = 1...s", role: .operational, since: 2,
                  read: { context, node, spec in spec.maxIter = context.reader.int(node, "early_terminate.max_iter", atLeast: 1) },
                  resolve: { $0.maxIter.map(ConfigValue.int) ?? .null }),
        ConfigKey("s", accepts: "integer >= 1 (with `max_iter`)", "how many bands below max_iter", role: .operational, since: 2,
                  read: { context, node, spec in spec.s = context.reader.int(node, "early_terminate.s", atLeast: 1) },
                  resolve: { $0.s.map(ConfigValue.int) ?? .null }),
        ConfigKey("eta", accepts: ">= 2", "each band keeps the best ceil(n / eta) of its n configurations",
                  role: .operational, since: 2,
                  read: { context, node, spec in
                      if let eta = context.reader.double(node, "early_terminate.eta", atLeast: 2) { spec.eta = eta }
                  },
                  resolve: { .double($0.eta) }),
        ConfigKey("strict", accepts: "`true` or `false`",
                  "true ranks by the metric at the band's epoch, false by its best value up to it", role: .operational, since: 2,
                  read: { context, node, spec in
                      if let strict = context.reader.bool(node, "early_terminate.strict") { spec.strict = strict }
                  },
                  resolve: { .bool($0.strict) }),
        ConfigKey("cohort", accepts: "integer >= 2 (grid, random)",
                  "how many consecutive configurations of the plan decide together (bayes: its round)",
                  role: .operational, since: 2,
                  read: { context, node, spec in spec.cohort = context.reader.int(node, "early_terminate.cohort", atLeast: 2) },
                  resolve: { .int($0.cohort ?? Hyperband.defaultCohort) }),
    ]
}
