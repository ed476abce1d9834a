import Core

extension RunConfig {
    /// The full configuration as a nested tree with every default filled in, keys in the order
    /// users write them (dataset, model, training, metric). Run records store it as `config`, and
    /// its canonical JSON hashed gives the variant id. Absent options are `null` so every run's
    /// tree has the same shape (flat CSV columns line up).
    public var resolved: ConfigValue {
        func optional<T>(_ value: T?, _ wrap: (T) -> ConfigValue) -> ConfigValue { value.map(wrap) ?? .null }
        let idx: ConfigValue = optional(dataset.idx) { files in
            .map([ConfigEntry(key: "images", value: .string(files.images)),
                  ConfigEntry(key: "labels", value: .string(files.labels))])
        }
        let datasetTree: ConfigValue = .map([
            ConfigEntry(key: "name", value: optional(dataset.name, ConfigValue.string)),
            ConfigEntry(key: "csv", value: optional(dataset.csv, ConfigValue.string)),
            ConfigEntry(key: "idx", value: idx),
            ConfigEntry(key: "target", value: optional(dataset.target, ConfigValue.string)),
            ConfigEntry(key: "features", value: optional(dataset.features) { .list($0.map(ConfigValue.string)) }),
            ConfigEntry(key: "task", value: .string(dataset.task?.rawValue ?? "auto")),
            ConfigEntry(key: "validation", value: .double(dataset.validation)),
            ConfigEntry(key: "test", value: .double(dataset.test)),
            ConfigEntry(key: "normalize", value: .string(dataset.normalize.rawValue)),
            ConfigEntry(key: "seed", value: .int(dataset.seed)),
            ConfigEntry(key: "n", value: optional(dataset.n, ConfigValue.int)),
            ConfigEntry(key: "noise", value: optional(dataset.noise, ConfigValue.double)),
            ConfigEntry(key: "classes", value: optional(dataset.classes, ConfigValue.int)),
            ConfigEntry(key: "dimensions", value: optional(dataset.dimensions, ConfigValue.int)),
        ])
        let modelTree: ConfigValue = .map([
            ConfigEntry(key: "hidden", value: .list(model.hidden.map(ConfigValue.int))),
            ConfigEntry(key: "activation", value: .string(model.activation.rawValue)),
            ConfigEntry(key: "output", value: .string(model.output?.rawValue ?? "auto")),
            ConfigEntry(key: "init", value: .string(model.initScheme?.rawValue ?? "auto")),
        ])
        let stopping: ConfigValue = training.earlyStopping.map { stop in
            .map([
                ConfigEntry(key: "patience", value: .int(stop.patience)),
                ConfigEntry(key: "min_delta", value: .double(stop.minDelta)),
                ConfigEntry(key: "restore_best", value: .bool(stop.restoreBest)),
            ])
        } ?? .null
        let trainingTree: ConfigValue = .map([
            ConfigEntry(key: "optimizer", value: .string(training.optimizer.rawValue)),
            ConfigEntry(key: "learning_rate", value: .double(training.learningRate)),
            ConfigEntry(key: "momentum", value: .double(training.momentum)),
            ConfigEntry(key: "batch_size", value: .int(training.batchSize)),
            ConfigEntry(key: "epochs", value: .int(training.epochs)),
            ConfigEntry(key: "weight_decay", value: .double(training.weightDecay)),
            ConfigEntry(key: "clip_norm", value: optional(training.clipNorm, ConfigValue.double)),
            ConfigEntry(key: "schedule", value: .string(training.schedule.rawValue)),
            ConfigEntry(key: "step_epochs", value: .int(training.stepEpochs)),
            ConfigEntry(key: "gamma", value: .double(training.gamma)),
            ConfigEntry(key: "min_learning_rate", value: .double(training.minLearningRate)),
            ConfigEntry(key: "warmup", value: .int(training.warmupEpochs)),
            ConfigEntry(key: "early_stopping", value: stopping),
            ConfigEntry(key: "timeout", value: optional(training.timeoutSeconds, ConfigValue.double)),
            ConfigEntry(key: "seed", value: .int(training.seed)),
            ConfigEntry(key: "save", value: .string(training.save.rawValue)),
        ])
        return .map([
            ConfigEntry(key: "dataset", value: datasetTree),
            ConfigEntry(key: "model", value: modelTree),
            ConfigEntry(key: "training", value: trainingTree),
            ConfigEntry(key: "metric", value: .map([
                ConfigEntry(key: "name", value: .string(metric.name)),
                ConfigEntry(key: "goal", value: .string(metric.goal.rawValue)),
            ])),
        ])
    }

    /// `resolved` with data file paths written relative to `folder` (the notebook's folder), as
    /// the loader stores it: variant ids then survive moving or cloning the project elsewhere
    /// (a laptop and a cluster see the same ids), while `RunConfig` keeps absolute paths to open.
    public func resolved(relativeTo folder: String) -> ConfigValue {
        var relative = self
        relative.dataset.csv = dataset.csv.map { RunConfig.path($0, relativeTo: folder) }
        relative.dataset.idx = dataset.idx.map {
            IDXFiles(images: RunConfig.path($0.images, relativeTo: folder), labels: RunConfig.path($0.labels, relativeTo: folder))
        }
        return relative.resolved
    }

    /// `path` relative to `folder` (`data/x.csv`, `../shared/x.csv`); both absolute.
    static func path(_ path: String, relativeTo folder: String) -> String {
        let target = path.split(separator: "/")
        let base = folder.split(separator: "/")
        var common = 0
        while common < target.count, common < base.count, target[common] == base[common] { common += 1 }
        let ups = Array(repeating: "..", count: base.count - common)
        return (ups + target[common...].map(String.init)).joined(separator: "/")
    }
}

extension Variant {
    /// The variant id of a resolved configuration tree.
    public static func id(of resolved: ConfigValue) -> String {
        String(SHA256.hexDigest(resolved.canonicalJSON).prefix(12))
    }
}
