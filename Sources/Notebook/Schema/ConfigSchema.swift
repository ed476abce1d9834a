import Core

/// Every key a configuration may hold, each declared once, in the order users write them and the
/// resolved tree lists them. Defaults are the initial values of `RunConfig`'s fields (one place);
/// messages name a key as the notebook does (`training.learning_rate`).
enum ConfigSchema {
    typealias Key = ConfigKey<RunConfig>

    static let dataset: [Key] = [
        Key("name", accepts: "a built-in data set", "a generated or shipped data set (`gradbook datasets`)", label: "data",
            read: { context, node, config in
                config.dataset.name = context.reader.choice(node, "dataset.name", context.catalog.tasks.keys.sorted(), what: "dataset")
            },
            resolve: { $0.dataset.name.map(ConfigValue.string) ?? .null }),
        Key("csv", accepts: "a file path", "a CSV file, relative to the notebook",
            read: { context, node, config in
                config.dataset.csv = context.reader.string(node, "dataset.csv").flatMap { context.dataFile($0, node.mark) }
            },
            resolve: { $0.dataset.csv.map(ConfigValue.string) ?? .null }),
        Key("idx", accepts: "{images, labels}", "MNIST-style IDX files",
            read: { context, node, config in config.dataset.idx = IDXFilesReader.read(node, context) },
            resolve: { config in config.dataset.idx.map(IDXFilesReader.resolved) ?? .null }),
        Key("validation_csv", accepts: "a file path", "a fixed validation file with the csv's columns (instead of `validation`)",
            since: 2,
            read: { context, node, config in
                config.dataset.validationCSV = context.reader.string(node, "dataset.validation_csv").flatMap { context.dataFile($0, node.mark) }
            },
            resolve: { $0.dataset.validationCSV.map(ConfigValue.string) ?? .null }),
        Key("test_csv", accepts: "a file path", "a fixed test file with the csv's columns (instead of `test`)", since: 2,
            read: { context, node, config in
                config.dataset.testCSV = context.reader.string(node, "dataset.test_csv").flatMap { context.dataFile($0, node.mark) }
            },
            resolve: { $0.dataset.testCSV.map(ConfigValue.string) ?? .null }),
        Key("target", accepts: "a column name or null", "the CSV column to predict (default: the last)",
            read: { context, node, config in
                config.dataset.target = node.isNull ? nil : context.reader.string(node, "dataset.target")
            },
            resolve: { $0.dataset.target.map(ConfigValue.string) ?? .null }),
        Key("features", accepts: "a list of column names or null", "the CSV columns to learn from (default: all others)",
            read: { context, node, config in
                config.dataset.features = node.isNull ? nil : context.reader.strings(node, "dataset.features")
            },
            resolve: { $0.dataset.features.map { .list($0.map(ConfigValue.string)) } ?? .null }),
        .wordOrAuto("task", \.dataset.task, message: "dataset.task", what: "task", "classification or regression (auto: from the target)"),
        .number("validation", \.dataset.validation, message: "dataset.validation", atLeast: 0, below: 1,
                "held-out fraction (stratified for classification)", label: "val"),
        .number("test", \.dataset.test, message: "dataset.test", atLeast: 0, below: 1, "test fraction, reported apart"),
        .word("normalize", \.dataset.normalize, message: "dataset.normalize", what: "normalization",
              "feature scaling, fitted on the training split"),
        .integer("seed", \.dataset.seed, message: "dataset.seed", atLeast: 0, "split and generation seed"),
        .optionalInteger("n", \.dataset.n, message: "dataset.n", atLeast: 1, "samples of a generated set"),
        .optionalNumber("noise", \.dataset.noise, message: "dataset.noise", atLeast: 0, nullable: false,
                        "noise of a generated set"),
        .optionalInteger("classes", \.dataset.classes, message: "dataset.classes", atLeast: 2, "classes of a generated set"),
        .optionalInteger("dimensions", \.dataset.dimensions, message: "dataset.dimensions", atLeast: 1,
                         "input dimensions of a generated set"),
        .word("missing", \.dataset.missing, message: "dataset.missing", what: "missing-value policy",
              "what missing CSV cells do: stop, drop their rows, or impute features (a missing target always drops its row)",
              since: 2),
        .word("impute", \.dataset.impute, message: "dataset.impute", what: "imputation",
              "the training split's statistic that fills a missing numeric feature", since: 2),
        .word("impute_text", \.dataset.imputeText, message: "dataset.impute_text", what: "text imputation",
              "a missing categorical feature: the training split's most frequent value, or a category of its own", since: 2),
        .strings("na_values", \.dataset.naValues, message: "dataset.na_values", accepts: "a list of cell texts",
                 spellings: true, "what counts as missing (replaces the default list: empty, NA, N/A, NaN, null, None, ?, -)",
                 since: 2),
        .strings("categorical", \.dataset.categorical, message: "dataset.categorical", accepts: "a list of column names",
                 "CSV feature columns one-hot encoded whatever their values (an integer class id)", since: 2),
        Key("folds", accepts: "integer >= 2, or null", "k-fold cross-validation: one run per fold (and seed), each fold the validation split once; replaces `validation`",
            since: 2,
            read: { context, node, config in
                config.dataset.folds = node.isNull ? nil : context.reader.int(node, "dataset.folds", atLeast: 2)
            },
            resolve: { $0.dataset.folds.map(ConfigValue.int) ?? .null }),
    ]

    static let model: [Key] = [
        Key("hidden", accepts: "list of widths, e.g. [64, 32]; [] is linear", "hidden layer widths",
            read: { context, node, config in
                if let widths = context.reader.widths(node, "model.hidden") { config.model.hidden = widths }
            },
            resolve: { .list($0.model.hidden.map(ConfigValue.int)) }),
        // A second spelling of `hidden`: resolved as `hidden` only (null here, so never in the
        // tree), so `width: 64, depth: 2` and `hidden: [64, 64]` are one variant.
        Key("width", accepts: "integer >= 1", "hidden = [width] * depth (instead of hidden)", since: 2,
            read: { context, node, config in config.model.width = context.reader.int(node, "model.width", atLeast: 1) },
            resolve: { _ in .null }).aliased("hidden_size", "hidden_dim"),
        Key("depth", accepts: "integer >= 0; 0 is linear", "number of hidden layers of `width` (instead of hidden)", since: 2,
            read: { context, node, config in config.model.depth = context.reader.int(node, "model.depth", atLeast: 0) },
            resolve: { _ in .null }).aliased("num_layers", "n_layers"),
        .word("activation", \.model.activation, message: "model.activation", what: "activation",
              "activation of every hidden layer", label: "act"),
        .wordOrAuto("output", \.model.output, message: "model.output", what: "output",
                    "output head fused with its loss (auto: from the task)", label: "out"),
        .wordOrAuto("init", \.model.initScheme, message: "model.init", what: "init scheme",
                    "weight initialisation (auto: He for relu-like, Glorot otherwise)"),
        Key("dropout", accepts: "probability in [0, 1), or a list of one per hidden layer",
            "inverted dropout after each hidden activation (identity in evaluation)", since: 2,
            read: { context, node, config in
                let reader = context.reader
                if let items = node.items {
                    let values = items.compactMap { reader.double($0, "model.dropout", atLeast: 0, below: 1) }
                    if values.count == items.count { config.model.dropout = values }
                } else if let value = reader.double(node, "model.dropout", atLeast: 0, below: 1) {
                    config.model.dropout = [value]
                }
            },
            // One probability resolves to a number, so `dropout: 0.2` and a swept 0.2 share an id.
            resolve: { config in
                let values = config.model.dropout
                return values.count == 1 ? .double(values[0]) : .list(values.map(ConfigValue.double))
            }),
        .word("norm", \.model.norm, message: "model.norm", what: "norm",
              "normalisation after each hidden linear layer, before the activation", since: 2),
        .flag("residual", \.model.residual, message: "model.residual",
              "identity skips around hidden blocks of equal input and output width", since: 2),
    ]

    static let training: [Key] = [
        .word("optimizer", \.training.optimizer, message: "training.optimizer", what: "optimizer",
              "update rule, as torch.optim defines it", label: "opt"),
        .number("learning_rate", \.training.learningRate, message: "training.learning_rate", above: 0,
                "step size", label: "lr").aliased("lr"),
        .number("momentum", \.training.momentum, message: "training.momentum", atLeast: 0, below: 1,
                "momentum of momentum / nesterov", label: "mom"),
        .integer("batch_size", \.training.batchSize, message: "training.batch_size", atLeast: 1,
                 "samples per step", label: "bs"),
        .integer("epochs", \.training.epochs, message: "training.epochs", atLeast: 1, "passes over the training split"),
        .wordOrAuto("loss", \.training.loss, message: "training.loss", what: "loss",
                    "what the head is trained on (auto: cross_entropy, or mse for a linear head); pairings in docs/library.md",
                    since: 2),
        .number("huber_delta", \.training.huberDelta, message: "training.huber_delta", above: 0,
                "where huber turns linear, in the standardised target's units", since: 2),
        .number("label_smoothing", \.training.labelSmoothing, message: "training.label_smoothing", atLeast: 0, below: 1,
                "cross-entropy targets (1 - s) y + s / K, as torch.nn.CrossEntropyLoss", since: 2),
        Key("class_weight", accepts: "none \\| balanced \\| {class: weight, ...}",
            "weights of the classes in a cross-entropy loss (balanced: n / (classes x count) on the training split), as CrossEntropyLoss(weight=)",
            since: 2,
            read: { context, node, config in
                if let weighting = ClassWeightReader.read(node, context) { config.training.classWeight = weighting }
            },
            resolve: { $0.training.classWeight.configValue }),
        .number("weight_decay", \.training.weightDecay, message: "training.weight_decay", atLeast: 0,
                "L2 penalty (decoupled for adamw)", label: "wd").aliased("wd"),
        .optionalNumber("clip_norm", \.training.clipNorm, message: "training.clip_norm", above: 0, nullable: true,
                        "clip the global gradient norm to this value", label: "clip"),
        .word("schedule", \.training.schedule, message: "training.schedule", what: "schedule",
              "learning-rate schedule", label: "sched"),
        .integer("step_epochs", \.training.stepEpochs, message: "training.step_epochs", atLeast: 1,
                 "epochs between steps of the step schedule"),
        .number("gamma", \.training.gamma, message: "training.gamma", above: 0, atMost: 1,
                "decay factor of the step and exponential schedules"),
        .number("min_learning_rate", \.training.minLearningRate, message: "training.min_learning_rate", atLeast: 0,
                "floor of the cosine schedule", label: "min_lr"),
        .integer("warmup", \.training.warmupEpochs, message: "training.warmup", atLeast: 0,
                 "epochs of linear warm-up"),
        Key("early_stopping", accepts: "{patience, min_delta, restore_best}, true or false",
            "stop when the validation loss stops improving",
            read: { context, node, config in config.training.earlyStopping = EarlyStoppingReader.read(node, context) },
            resolve: { config in
                config.training.earlyStopping.map { stopping in
                    .map(earlyStopping.map { ConfigEntry(key: $0.name, value: $0.resolve(stopping)) })
                } ?? .null
            }),
        Key("timeout", accepts: DurationGrammar.expected + ", or null", "wall-clock limit of one run", role: .operational,
            read: { context, node, config in
                config.training.timeoutSeconds = node.isNull ? nil : context.reader.duration(node, "training.timeout")
            },
            resolve: { $0.training.timeoutSeconds.map(ConfigValue.double) ?? .null }),
        Key("checkpoint", accepts: CheckpointIntervalReader.expected,
            "training time between mid-run checkpoints a run resumes from after a kill or preemption",
            role: .operational, since: 2,
            read: { context, node, config in
                config.training.checkpointSeconds = CheckpointIntervalReader.read(node, context)
            },
            resolve: { $0.training.checkpointSeconds.map(ConfigValue.double) ?? .string("none") }),
        .integer("seed", \.training.seed, message: "training.seed", atLeast: 0, "initialisation and shuffling seed"),
        .word("save", \.training.save, message: "training.save", what: "save mode",
              "which runs keep their weights as safetensors", role: .operational),
        .integer("threads", \.training.threads, message: "training.threads", atLeast: 1,
                 "threads one run's matrix products split over (same results for any value)", role: .operational,
                 since: 2),
    ]

    /// Keys of `training.early_stopping`.
    static let earlyStopping: [ConfigKey<RunConfig.EarlyStopping>] = [
        .integer("patience", \.patience, message: "early_stopping.patience", atLeast: 1,
                 "epochs without improvement before stopping"),
        .number("min_delta", \.minDelta, message: "early_stopping.min_delta", atLeast: 0,
                "smallest decrease of the validation loss that counts"),
        .flag("restore_best", \.restoreBest, message: "early_stopping.restore_best", "keep the best epoch's weights"),
    ]

    /// `metric` is read whole (it may be a bare name); these entries give its keys' roles and docs.
    static let metric: [Key] = [
        Key("name", accepts: "a metric such as val_accuracy", "what ranks the variants", role: .operational,
            read: { _, _, _ in }, resolve: { .string($0.metric.name) }),
        Key("goal", accepts: Goal.words.joined(separator: " \\| "), "whether higher or lower is better", role: .operational,
            read: { _, _, _ in }, resolve: { .string($0.metric.goal.rawValue) }),
    ]

    static let sections: [(name: String, keys: [Key])] = [
        ("dataset", dataset), ("model", model), ("training", training), ("metric", metric),
    ]

    /// Keys of the mappings inside a section.
    static let nested: [String: [String]] = [
        "dataset.idx": IDXFilesReader.keys,
        "training.early_stopping": earlyStopping.map(\.name),
    ]

    static let sectionNames = sections.map(\.name)

    static func keys(of section: String) -> [String] {
        sections.first(where: { $0.name == section })?.keys.map(\.name) ?? nested[section] ?? []
    }

    /// The declaration of a section's key.
    static func key(_ name: String, in section: String) -> Key? {
        sections.first(where: { $0.name == section })?.keys.first { $0.name == name }
    }

    /// Every dotted path a parameter may name.
    static let allPaths: [String] = sections.flatMap { section in
        section.keys.flatMap { key -> [String] in
            let path = "\(section.name).\(key.name)"
            return [path] + (nested[path] ?? []).map { "\(path).\($0)" }
        }
    }

    /// Paths whose last component is `key`: a bare parameter name resolves when exactly one matches.
    static func paths(endingWith key: String) -> [String] {
        allPaths.filter { $0 == key || $0.hasSuffix(".\(key)") }
    }

    /// Bare names of other sweep tools, by alias: `lr` -> `training.learning_rate`.
    static let aliases: [String: String] = {
        var paths: [String: String] = [:]
        for section in sections {
            for key in section.keys { for alias in key.aliases { paths[alias] = "\(section.name).\(key.name)" } }
        }
        return paths
    }()

    /// Short names for labels (`lr=0.01 hidden=64x32 act=relu`), by dotted path.
    static let labelAliases: [String: String] = {
        var aliases: [String: String] = [:]
        for section in sections {
            for key in section.keys { if let label = key.label { aliases["\(section.name).\(key.name)"] = label } }
        }
        for key in earlyStopping { if let label = key.label { aliases["training.early_stopping.\(key.name)"] = label } }
        return aliases
    }()
}
