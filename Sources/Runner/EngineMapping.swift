import Backprop
import Core
import Datasets
import Notebook

/// Maps a variant's typed configuration onto the engine's and the data sets' specifications.
/// Every word was checked at the notebook edge; what is left here depends on the data (the output
/// head and its width, whether regression targets are standardised).
public enum EngineMapping {
    /// Regression targets are standardised (fitted on the training split) unless `normalize` is
    /// `none` or `model` asks for a sigmoid or softmax head, whose targets must stay as given.
    public static func datasetSpec(_ dataset: RunConfig.Dataset, model: RunConfig.Model? = nil) -> DatasetSpec {
        DatasetSpec(
            name: dataset.name, csv: dataset.csv, idxImages: dataset.idx?.images, idxLabels: dataset.idx?.labels,
            target: dataset.target, features: dataset.features, task: dataset.task,
            validation: dataset.validation, test: dataset.test, normalization: dataset.normalize,
            seed: seed(dataset.seed), samples: dataset.n, noise: dataset.noise,
            classes: dataset.classes, dimensions: dataset.dimensions,
            standardizeTargets: model.map { ($0.output ?? .linear) == .linear } ?? true,
            missing: dataset.missing, numericImputation: dataset.impute, textImputation: dataset.imputeText,
            naValues: dataset.naValues, categorical: dataset.categorical, folds: dataset.folds, fold: dataset.fold,
            validationCSV: dataset.validationCSV, testCSV: dataset.testCSV,
            idxValidation: dataset.idx?.validation.map { .init(images: $0.images, labels: $0.labels) },
            idxTest: dataset.idx?.test.map { .init(images: $0.images, labels: $0.labels) })
    }

    /// The network for `model` on `data`, trained on `training`'s loss. `output: auto` picks
    /// softmax for several classes, a single sigmoid unit for two (softmax when the loss does not
    /// pair with a sigmoid, as huber and l1), and a linear head for regression; `init: auto` leaves
    /// the choice to the engine (He for relu-like activations, Glorot otherwise).
    public static func networkSpec(_ model: RunConfig.Model, training: RunConfig.Training = RunConfig.Training(),
                                   data: PreparedDataset) -> NetworkSpec {
        let head: OutputHead
        let outputSize: Int
        let loss = LossSpec(function: training.loss, huberDelta: training.huberDelta, labelSmoothing: training.labelSmoothing,
                            classWeights: classWeights(training.classWeight, data: data))
        switch data.train.targets {
        case .classes(_, let classCount):
            let sigmoidPairs = training.loss?.pairs(with: .sigmoid) ?? true
            head = model.output ?? (classCount == 2 && sigmoidPairs ? .sigmoid : .softmax)
            outputSize = (head == .sigmoid && classCount == 2) ? 1 : classCount
        case .values(let matrix):
            head = model.output ?? .linear
            outputSize = matrix.columns
        }
        return NetworkSpec(inputSize: data.inputSize, hidden: model.hidden, outputSize: outputSize,
                           activation: model.activation, head: head, initScheme: model.initScheme,
                           dropout: model.dropoutPerLayer, norm: model.norm, residual: model.residual, loss: loss)
    }

    /// One weight per class index for `weighting` on `data`: `balanced` counts the training split
    /// (a fold's training part under `dataset.folds`); labels the data lacks were refused by the
    /// preflight (`unknownClassLabels`).
    public static func classWeights(_ weighting: ClassWeighting, data: PreparedDataset) -> [Double]? {
        guard case .classes(let labels, let classCount) = data.train.targets else { return nil }
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[Int(label)] += 1 }
        let names = data.classNames.count == classCount ? data.classNames : (0..<classCount).map(String.init)
        return weighting.weights(names: names, counts: counts)
    }

    /// Labels of a `class_weight` mapping that are not classes of the data (`classNames`).
    public static func unknownClassLabels(_ weighting: ClassWeighting, classNames: [String]) -> [String] {
        guard case .classes(let given) = weighting else { return [] }
        return given.map(\.label).filter { !classNames.contains($0) }
    }

    public static func trainingSpec(_ training: RunConfig.Training) -> TrainingSpec {
        let earlyStopping = training.earlyStopping.map {
            EarlyStoppingSpec(patience: $0.patience, minDelta: $0.minDelta, restoreBest: $0.restoreBest)
        }
        return TrainingSpec(
            optimizer: training.optimizer, learningRate: training.learningRate, momentum: training.momentum,
            weightDecay: training.weightDecay, clipNorm: training.clipNorm, batchSize: training.batchSize,
            epochs: training.epochs,
            schedule: ScheduleSpec(kind: training.schedule, stepEpochs: training.stepEpochs, gamma: training.gamma,
                                   minimumRate: training.minLearningRate, warmupEpochs: training.warmupEpochs),
            earlyStopping: earlyStopping, seed: seed(training.seed), threads: training.threads)
    }

    /// Notebook seeds are non-negative integers; negative ones keep their bit pattern.
    static func seed(_ value: Int) -> UInt64 { UInt64(bitPattern: Int64(value)) }
}
