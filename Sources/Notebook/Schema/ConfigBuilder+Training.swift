import Core

extension ConfigBuilder {
    func readTraining(_ node: YAMLNode, into config: inout RunConfig) {
        readSection(node, "training", ConfigSchema.training, into: &config)
        let training = config.training
        if let warmup = node["warmup"], training.warmupEpochs >= training.epochs, training.warmupEpochs > 0 {
            sink.error(warmup.mark, "'training.warmup' (\(training.warmupEpochs) epochs) must be shorter than 'training.epochs' (\(training.epochs))")
        }
    }

    // MARK: cross-field rules

    /// The task when it can be known before loading data: written, or from the built-in catalogue;
    /// IDX files are image classification. nil for a csv with `task: auto`.
    func knownTask(_ dataset: RunConfig.Dataset) -> LearningTask? { Self.knownTask(dataset, catalog: catalog) }

    static func knownTask(_ dataset: RunConfig.Dataset, catalog: DatasetCatalog) -> LearningTask? {
        if let task = dataset.task { return task }
        if let name = dataset.name { return catalog.tasks[name] }
        if dataset.idx != nil { return .classification }
        return nil
    }

    func crossCheck(_ config: inout RunConfig, task: LearningTask?, root: YAMLNode, datasetNode: YAMLNode?) {
        let dataset = root["dataset"]
        let drawn = (config.dataset.hasValidationFile ? 0 : config.dataset.validation) + (config.dataset.hasTestFile ? 0 : config.dataset.test)
        if drawn >= 1 {
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
        checkBlocks(config, root: root)
        checkSplitFiles(config, root: root)
        checkLoss(config, task: task, root: root)
        checkClassWeight(config, task: task, root: root)
        checkFolds(config, root: root)
    }

    /// A dropout list has one probability per hidden layer; batch norm needs two rows per batch.
    private func checkBlocks(_ config: RunConfig, root: YAMLNode) {
        let model = config.model
        if model.dropout.count > 1 && model.dropout.count != model.hidden.count {
            let mark = root["model"]?["dropout"]?.mark ?? fallback
            sink.error(mark, "'model.dropout' lists \(model.dropout.count) probabilities for \(model.hidden.count) hidden layers; give one per layer or a single number")
        }
        if model.norm == .batch && config.training.batchSize == 1 {
            let mark = root["training"]?["batch_size"]?.mark ?? root["model"]?["norm"]?.mark ?? fallback
            sink.error(mark, "'model.norm: batch' needs 'training.batch_size' >= 2 (batch statistics of one row are undefined); use 'layer' or a larger batch")
        }
    }

    /// `metric: val_loss` or `{name: val_loss, goal: minimize}`; default from the task and splits.
    func readMetric(_ node: YAMLNode?, config: RunConfig, task: LearningTask?) -> RunConfig.Metric {
        var name = defaultMetric(for: config).name
        var goal: Goal?
        var nameNode: YAMLNode?
        var targetNode: YAMLNode?
        var target: Double?
        if let node {
            if node.pairs != nil {
                checkKeys(node, allowed: ["name", "goal", "target"], context: "'metric'")
                if let value = node["target"] { targetNode = value; target = reader.double(value, "metric.target") }
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
            } else if name.hasPrefix("val_") && config.dataset.validation == 0 && !config.dataset.hasValidationFile {
                sink.error(nameNode.mark, "metric '\(name)' needs a validation split; set 'dataset.validation' > 0")
            } else if name.hasPrefix("test_") && config.dataset.test == 0 && !config.dataset.hasTestFile {
                sink.error(nameNode.mark, "metric '\(name)' needs a test split; set 'dataset.test' > 0")
            }
        }
        let metric = RunConfig.Metric(name: name, goal: goal ?? Self.inferredGoal(name), target: target)
        if let targetNode, let target, let problem = Self.unreachable(target, metric) {
            sink.error(targetNode.mark, problem)
        }
        return metric
    }

    /// Why `target` is on the wrong side of the goal for a metric of known range (accuracies are
    /// in [0, 1], r2 at most 1, losses and errors at least 0), or nil when it makes sense: a target
    /// beyond the best value the metric can take is never reached (the search never stops early),
    /// and one at or beyond the worst value is reached by any run (the search would stop after
    /// its first round).
    static func unreachable(_ target: Double, _ metric: RunConfig.Metric) -> String? {
        let name = metric.name, shown = NodeReader.format(target)
        let atMostOne = name.hasSuffix("accuracy") || name.hasSuffix("r2")
        let atLeastZero = name.hasSuffix("accuracy") || name.hasSuffix("loss") || name.hasSuffix("mse") || name.hasSuffix("mae")
            || name.hasSuffix("cross_entropy")
        let isAccuracy = name.hasSuffix("accuracy")
        if metric.goal == .maximize, atMostOne, target > 1 {
            return "'metric.target' \(shown) can never be reached: \(name) is at most 1 and the goal is maximize; use a target in (0, 1]"
        }
        if metric.goal == .maximize, isAccuracy, target <= 0 {
            return "'metric.target' \(shown) is reached by every run: \(name) is at least 0 and the goal is maximize, so the search would end after its first round; use a target in (0, 1]"
        }
        if metric.goal == .minimize, atLeastZero, target < 0 {
            return "'metric.target' \(shown) can never be reached: \(name) is at least 0 and the goal is minimize; use a target >= 0"
        }
        if metric.goal == .minimize, isAccuracy, target >= 1 {
            return "'metric.target' \(shown) is reached by every run: \(name) is at most 1 and the goal is minimize, so the search would end after its first round; use a target in [0, 1)"
        }
        return nil
    }

    static func metricNames(task: LearningTask?) -> [String] {
        let bases = task?.metricNames ?? ["loss", "accuracy", "balanced_accuracy", "mse", "mae", "r2"]
        return ["train", "val", "test"].flatMap { split in bases.map { "\(split)_\($0)" } }
    }

    /// Loss-like metrics are minimised, scores maximised.
    static func inferredGoal(_ name: String) -> Goal {
        name.hasSuffix("accuracy") || name.hasSuffix("r2") ? .maximize : .minimize
    }
}
