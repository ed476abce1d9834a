import Backprop
import Datasets
import Notebook

/// A notebook word that the engine does not know. The Notebook module validates against the
/// engine's vocabulary, so this only fires when a record or job was edited by hand.
public struct EngineMappingError: Error, CustomStringConvertible, Sendable {
    public var key: String
    public var value: String
    public var description: String { "unknown \(key) '\(value)'" }
}

/// Maps a variant's typed configuration onto the engine's and the data sets' specifications.
public enum EngineMapping {
    /// Regression targets are standardised (fitted on the training split) unless `normalize` is
    /// `none` or `model` asks for a sigmoid or softmax head, whose targets must stay as given.
    public static func datasetSpec(_ dataset: RunConfig.Dataset, model: RunConfig.Model? = nil) throws -> DatasetSpec {
        let task: LearningTask?
        if dataset.task == "auto" {
            task = nil
        } else if let known = LearningTask(rawValue: dataset.task) {
            task = known
        } else {
            throw EngineMappingError(key: "dataset.task", value: dataset.task)
        }
        guard let normalization = Normalization(rawValue: dataset.normalize) else {
            throw EngineMappingError(key: "dataset.normalize", value: dataset.normalize)
        }
        return DatasetSpec(
            name: dataset.name, csv: dataset.csv, idxImages: dataset.idxImages, idxLabels: dataset.idxLabels,
            target: dataset.target, features: dataset.features, task: task,
            validation: dataset.validation, test: dataset.test, normalization: normalization,
            seed: seed(dataset.seed), samples: dataset.n, noise: dataset.noise,
            classes: dataset.classes, dimensions: dataset.dimensions,
            standardizeTargets: model.map { $0.output == "auto" || $0.output == OutputHead.linear.rawValue } ?? true)
    }

    /// The network for `model` on `data`. `output: auto` picks softmax for several classes, a
    /// single sigmoid unit for two, and a linear head for regression; `init: auto` leaves the
    /// choice to the engine (He for relu-like activations, Glorot otherwise).
    public static func networkSpec(_ model: RunConfig.Model, data: PreparedDataset) throws -> NetworkSpec {
        guard let activation = Activation(rawValue: model.activation) else {
            throw EngineMappingError(key: "model.activation", value: model.activation)
        }
        let initScheme: InitScheme?
        if model.initScheme == "auto" {
            initScheme = nil
        } else if let scheme = InitScheme(rawValue: model.initScheme) {
            initScheme = scheme
        } else {
            throw EngineMappingError(key: "model.init", value: model.initScheme)
        }
        let head: OutputHead
        let outputSize: Int
        switch data.train.targets {
        case .classes(_, let classCount):
            if model.output == "auto" {
                head = classCount == 2 ? .sigmoid : .softmax
            } else if let chosen = OutputHead(rawValue: model.output) {
                head = chosen
            } else {
                throw EngineMappingError(key: "model.output", value: model.output)
            }
            outputSize = (head == .sigmoid && classCount == 2) ? 1 : classCount
        case .values(let matrix):
            if model.output == "auto" {
                head = .linear
            } else if let chosen = OutputHead(rawValue: model.output) {
                head = chosen
            } else {
                throw EngineMappingError(key: "model.output", value: model.output)
            }
            outputSize = matrix.columns
        }
        return NetworkSpec(inputSize: data.inputSize, hidden: model.hidden, outputSize: outputSize,
                           activation: activation, head: head, initScheme: initScheme)
    }

    public static func trainingSpec(_ training: RunConfig.Training) throws -> TrainingSpec {
        guard let optimizer = OptimizerKind(rawValue: training.optimizer) else {
            throw EngineMappingError(key: "training.optimizer", value: training.optimizer)
        }
        guard let schedule = ScheduleKind(rawValue: training.schedule) else {
            throw EngineMappingError(key: "training.schedule", value: training.schedule)
        }
        let earlyStopping = training.earlyStopping.map {
            EarlyStoppingSpec(patience: $0.patience, minDelta: $0.minDelta, restoreBest: $0.restoreBest)
        }
        return TrainingSpec(
            optimizer: optimizer, learningRate: training.learningRate, momentum: training.momentum,
            weightDecay: training.weightDecay, clipNorm: training.clipNorm, batchSize: training.batchSize,
            epochs: training.epochs,
            schedule: ScheduleSpec(kind: schedule, stepEpochs: training.stepEpochs, gamma: training.gamma,
                                   minimumRate: training.minLearningRate, warmupEpochs: training.warmupEpochs),
            earlyStopping: earlyStopping, seed: seed(training.seed))
    }

    /// Notebook seeds are non-negative integers; negative ones keep their bit pattern.
    static func seed(_ value: Int) -> UInt64 { UInt64(bitPattern: Int64(value)) }
}
