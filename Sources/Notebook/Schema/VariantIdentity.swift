import Core

/// What a variant id hashes: the keys that change what is trained (data, model, training
/// dynamics, seed), never the operational ones (`timeout`, `save`, the ranking `metric`), so
/// changing how runs are operated retrains nothing.
///
/// The tree is `resolved` with every operational key at its default and every key newer than the
/// first release left out while it has its default value. A notebook whose operational keys are
/// at their defaults therefore keeps the ids of the first release bit for bit; one that set them
/// finds its older records through `legacyID` (the first release hashed the whole tree).
extension RunConfig {
    public func identity(relativeTo folder: String, defaultMetric: Metric) -> ConfigValue {
        identity(resolved: resolved(relativeTo: folder), defaultMetric: defaultMetric)
    }

    /// As above, from this configuration's `resolved(relativeTo:)` tree when it is at hand.
    func identity(resolved full: ConfigValue, defaultMetric: Metric) -> ConfigValue {
        var neutral = RunConfig()
        neutral.metric = defaultMetric
        let standards = ConfigSchema.standardValues
        return .map(ConfigSchema.sections.enumerated().map { sectionIndex, section in
            let written = full.entry(section.name)
            var entries: [ConfigEntry] = []
            for (keyIndex, key) in section.keys.enumerated() {
                // Only the metric differs from `RunConfig()` in the neutral configuration.
                let standard = section.name == "metric" ? key.resolve(neutral) : standards[sectionIndex][keyIndex]
                // `resolved` leaves out a newer key at its default.
                let value = written?.entry(key.name) ?? (key.since == 1 ? .null : standard)
                if key.role == .operational {
                    // Newer operational keys never enter the id; first-release ones at their default.
                    if key.since == 1 { entries.append(ConfigEntry(key: key.name, value: standard)) }
                } else if key.since == 1 || value != standard {
                    entries.append(ConfigEntry(key: key.name, value: value))
                }
            }
            // The fold a run of `dataset.folds` validates on: one id per fold, as one per seed.
            if section.name == "dataset", let fold = dataset.fold { entries.append(ConfigEntry(key: "fold", value: .int(fold))) }
            return ConfigEntry(key: section.name, value: .map(entries))
        })
    }
}

extension ConfigBuilder {
    /// The variant id of `config` and, when it differs, the id the first release gave it.
    func ids(of config: RunConfig) -> (id: String, legacyID: String?) {
        ids(of: config, resolved: config.resolved(relativeTo: baseDirectory.path))
    }

    /// As above, given `config.resolved(relativeTo: baseDirectory.path)` (resolved once per variant).
    func ids(of config: RunConfig, resolved: ConfigValue) -> (id: String, legacyID: String?) {
        let id = Variant.id(of: config.identity(resolved: resolved, defaultMetric: defaultMetric(for: config)))
        // `resolved` leaves newer keys out at their defaults: it is the tree the first release hashed.
        let legacy = Variant.id(of: resolved)
        // No first-release record ever had folds (nor the fold that tells them apart).
        return (id, legacy == id || config.dataset.fold != nil ? nil : legacy)
    }

    /// The metric a configuration ranks by when it names none.
    func defaultMetric(for config: RunConfig) -> RunConfig.Metric {
        let dataset = config.dataset
        let split = dataset.validation > 0 || dataset.hasValidationFile ? "val" : (dataset.test > 0 || dataset.hasTestFile ? "test" : "train")
        let name = "\(split)_\(knownTask(config.dataset) == .classification ? "accuracy" : "loss")"
        return RunConfig.Metric(name: name, goal: Self.inferredGoal(name))
    }
}

extension ConfigValue {
    /// The value of a map's key `name` (no dotted path to split, as `value(at:)` does).
    func entry(_ name: String) -> ConfigValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == name }?.value
    }
}
