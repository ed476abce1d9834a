/// The keys a configuration may hold, in the order users write them and resolved configs list
/// them. One table drives unknown-key errors, bare parameter names and the resolved tree.
enum ConfigSchema {
    static let sections: [(name: String, keys: [String])] = [
        ("dataset", ["name", "csv", "idx", "target", "features", "task", "validation", "test", "normalize",
                     "seed", "n", "noise", "classes", "dimensions"]),
        ("model", ["hidden", "activation", "output", "init"]),
        ("training", ["optimizer", "learning_rate", "momentum", "batch_size", "epochs", "weight_decay",
                      "clip_norm", "schedule", "step_epochs", "gamma", "min_learning_rate", "warmup",
                      "early_stopping", "timeout", "seed", "save"]),
        ("metric", ["name", "goal"]),
    ]

    /// Keys of the mappings inside a section.
    static let nested: [String: [String]] = [
        "dataset.idx": ["images", "labels"],
        "training.early_stopping": ["patience", "min_delta", "restore_best"],
    ]

    static let sectionNames = sections.map(\.name)

    static func keys(of section: String) -> [String] {
        sections.first(where: { $0.name == section })?.keys ?? nested[section] ?? []
    }

    /// Every dotted path a parameter may name.
    static let allPaths: [String] = sections.flatMap { section in
        section.keys.flatMap { key -> [String] in
            let path = "\(section.name).\(key)"
            return [path] + (nested[path] ?? []).map { "\(path).\($0)" }
        }
    }

    /// Paths whose last component is `key`: a bare parameter name resolves when exactly one matches.
    static func paths(endingWith key: String) -> [String] {
        allPaths.filter { $0 == key || $0.hasSuffix(".\(key)") }
    }

    /// Short names for labels (`lr=0.01 hidden=64x32 act=relu`).
    static let labelAliases: [String: String] = [
        "training.learning_rate": "lr", "training.batch_size": "bs", "training.optimizer": "opt",
        "training.weight_decay": "wd", "training.momentum": "mom", "training.schedule": "sched",
        "training.epochs": "epochs", "training.clip_norm": "clip", "training.warmup": "warmup",
        "model.activation": "act", "model.hidden": "hidden", "model.init": "init", "model.output": "out",
        "dataset.name": "data", "dataset.noise": "noise", "dataset.n": "n", "dataset.validation": "val",
        "training.early_stopping.patience": "patience", "training.min_learning_rate": "min_lr",
    ]
}
