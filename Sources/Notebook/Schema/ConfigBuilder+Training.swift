import Core

extension ConfigBuilder {
    func readTraining(_ node: YAMLNode, into training: inout RunConfig.Training) {
        guard let pairs = mapping(node, "training") else { return }
        checkKeys(node, allowed: ConfigSchema.keys(of: "training"), context: "'training'")
        let r = reader
        for pair in pairs {
            let value = pair.value
            switch pair.key.scalarText ?? "" {
            case "optimizer": training.optimizer = r.word(value, "training.optimizer", OptimizerKind.self, what: "optimizer") ?? training.optimizer
            case "learning_rate": training.learningRate = r.double(value, "training.learning_rate", above: 0) ?? training.learningRate
            case "momentum": training.momentum = r.double(value, "training.momentum", atLeast: 0, below: 1) ?? training.momentum
            case "batch_size": training.batchSize = r.int(value, "training.batch_size", atLeast: 1) ?? training.batchSize
            case "epochs": training.epochs = r.int(value, "training.epochs", atLeast: 1) ?? training.epochs
            case "weight_decay": training.weightDecay = r.double(value, "training.weight_decay", atLeast: 0) ?? training.weightDecay
            case "clip_norm":
                training.clipNorm = isNull(value) ? nil : r.double(value, "training.clip_norm", above: 0)
            case "schedule": training.schedule = r.word(value, "training.schedule", ScheduleKind.self, what: "schedule") ?? training.schedule
            case "step_epochs": training.stepEpochs = r.int(value, "training.step_epochs", atLeast: 1) ?? training.stepEpochs
            case "gamma": training.gamma = r.double(value, "training.gamma", above: 0, atMost: 1) ?? training.gamma
            case "min_learning_rate": training.minLearningRate = r.double(value, "training.min_learning_rate", atLeast: 0) ?? training.minLearningRate
            case "warmup": training.warmupEpochs = r.int(value, "training.warmup", atLeast: 0) ?? training.warmupEpochs
            case "early_stopping": training.earlyStopping = readEarlyStopping(value)
            case "timeout": training.timeoutSeconds = isNull(value) ? nil : r.duration(value, "training.timeout")
            case "seed": training.seed = r.int(value, "training.seed", atLeast: 0) ?? training.seed
            case "save": training.save = r.word(value, "training.save", SaveMode.self, what: "save mode") ?? training.save
            default: break
            }
        }
        if let warmup = node["warmup"], training.warmupEpochs >= training.epochs, training.warmupEpochs > 0 {
            sink.error(warmup.mark, "'training.warmup' (\(training.warmupEpochs) epochs) must be shorter than 'training.epochs' (\(training.epochs))")
        }
    }

    func isNull(_ node: YAMLNode) -> Bool {
        if case .null = node.configValue, node.items == nil, node.pairs == nil { return true }
        return false
    }

    /// A mapping, `true` (the default settings), or `false` / null (train every epoch).
    private func readEarlyStopping(_ node: YAMLNode) -> RunConfig.EarlyStopping? {
        switch node.configValue {
        case .null, .bool(false): return nil
        case .bool(true): return RunConfig.EarlyStopping()
        default: break
        }
        guard let pairs = mapping(node, "training.early_stopping") else { return nil }
        checkKeys(node, allowed: ConfigSchema.keys(of: "training.early_stopping"), context: "'training.early_stopping'")
        var stopping = RunConfig.EarlyStopping()
        for pair in pairs {
            let value = pair.value
            switch pair.key.scalarText ?? "" {
            case "patience": stopping.patience = reader.int(value, "early_stopping.patience", atLeast: 1) ?? stopping.patience
            case "min_delta": stopping.minDelta = reader.double(value, "early_stopping.min_delta", atLeast: 0) ?? stopping.minDelta
            case "restore_best": stopping.restoreBest = reader.bool(value, "early_stopping.restore_best") ?? stopping.restoreBest
            default: break
            }
        }
        return stopping
    }

    // MARK: cross-field rules

    /// The task when it can be known before loading data: written, or from the built-in catalogue;
    /// IDX files are image classification. nil for a csv with `task: auto`.
    func knownTask(_ dataset: RunConfig.Dataset) -> LearningTask? {
        if let task = dataset.task { return task }
        if let name = dataset.name { return catalog.tasks[name] }
        if dataset.idx != nil { return .classification }
        return nil
    }

    func crossCheck(_ config: inout RunConfig, task: LearningTask?, root: YAMLNode, datasetNode: YAMLNode?) {
        let dataset = root["dataset"]
        if config.dataset.validation + config.dataset.test >= 1 {
            let mark = dataset?["test"]?.mark ?? dataset?["validation"]?.mark ?? fallback
            sink.error(mark, "'dataset.validation' + 'dataset.test' must be < 1 (no training data would be left), got \(NodeReader.format(config.dataset.validation + config.dataset.test))")
        }
        if datasetNode == nil {
            sink.error(fallback, "no dataset: add 'dataset: {name: ...}' to 'defaults' or to the experiment")
        }
        if task == .regression, let head = config.model.output, head != .linear {
            let mark = root["model"]?["output"]?.mark ?? fallback
            sink.error(mark, "a \(head.rawValue) output is a classification head, but the data set is a regression task; use 'linear' or 'auto'")
        }
    }

    /// `metric: val_loss` or `{name: val_loss, goal: minimize}`; default from the task and splits.
    func readMetric(_ node: YAMLNode?, config: RunConfig, task: LearningTask?) -> RunConfig.Metric {
        let split = config.dataset.validation > 0 ? "val" : (config.dataset.test > 0 ? "test" : "train")
        var name = "\(split)_\(task == .classification ? "accuracy" : "loss")"
        var goal: Goal?
        var nameNode: YAMLNode?
        if let node {
            if node.pairs != nil {
                checkKeys(node, allowed: ["name", "goal"], context: "'metric'")
                if let value = node["name"] { nameNode = value; name = reader.string(value, "metric.name") ?? name }
                else { sink.error(node.mark, "'metric' needs a 'name' such as val_accuracy or val_loss") }
                if let value = node["goal"] { goal = reader.word(value, "metric.goal", Goal.self, what: "goal") }
            } else {
                nameNode = node
                name = reader.string(node, "metric") ?? name
            }
        }
        let metrics = Self.metricNames(task: task)
        if let nameNode {
            if !metrics.contains(name) {
                let taskText = task.map { "a \($0.rawValue) task" } ?? "this data set"
                sink.error(nameNode.mark, "unknown metric '\(name)' for \(taskText)\(EditDistance.suggestion(for: name, in: metrics)) (expected one of: \(metrics.joined(separator: ", ")))")
            } else if name.hasPrefix("val_") && config.dataset.validation == 0 {
                sink.error(nameNode.mark, "metric '\(name)' needs a validation split; set 'dataset.validation' > 0")
            } else if name.hasPrefix("test_") && config.dataset.test == 0 {
                sink.error(nameNode.mark, "metric '\(name)' needs a test split; set 'dataset.test' > 0")
            }
        }
        return RunConfig.Metric(name: name, goal: goal ?? Self.inferredGoal(name))
    }

    static func metricNames(task: LearningTask?) -> [String] {
        let bases = task?.metricNames ?? ["loss", "accuracy", "mse", "mae", "r2"]
        return ["train", "val", "test"].flatMap { split in bases.map { "\(split)_\($0)" } }
    }

    /// Loss-like metrics are minimised, scores maximised.
    static func inferredGoal(_ name: String) -> Goal {
        name.hasSuffix("accuracy") || name.hasSuffix("r2") ? .maximize : .minimize
    }
}
