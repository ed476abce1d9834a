import Backprop
import Datasets
import Notebook
@testable import Runner
import Testing

struct EngineMappingTests {
    func classification(classes: Int) -> PreparedDataset {
        let labels = (0..<6).map { Int32($0 % classes) }
        let data = LabeledData(inputs: Matrix(rows: 6, columns: 3), targets: .classes(labels: labels, classCount: classes))
        return PreparedDataset(name: "t", task: .classification, featureNames: ["a", "b", "c"],
                               classNames: (0..<classes).map(String.init), train: data, validation: nil, test: nil)
    }

    func regression(targets: Int) -> PreparedDataset {
        let data = LabeledData(inputs: Matrix(rows: 4, columns: 2), targets: .values(Matrix(rows: 4, columns: targets)))
        return PreparedDataset(name: "r", task: .regression, featureNames: ["a", "b"], classNames: [],
                               train: data, validation: nil, test: nil)
    }

    @Test func autoOutputFollowsTheTask() throws {
        var model = RunConfig.Model()
        model.hidden = [8, 4]
        model.activation = .tanh
        let binary = EngineMapping.networkSpec(model, data: classification(classes: 2))
        #expect(binary.head == .sigmoid && binary.outputSize == 1 && binary.inputSize == 3)
        let multi = EngineMapping.networkSpec(model, data: classification(classes: 3))
        #expect(multi.head == .softmax && multi.outputSize == 3)
        let real = EngineMapping.networkSpec(model, data: regression(targets: 2))
        #expect(real.head == .linear && real.outputSize == 2)
        #expect(real.hidden == [8, 4] && real.activation == .tanh)
        #expect(real.initScheme == .glorot, "auto init: Glorot for tanh")
    }

    @Test func explicitChoicesWin() throws {
        var model = RunConfig.Model()
        model.output = .softmax
        model.initScheme = .lecun
        let spec = EngineMapping.networkSpec(model, data: classification(classes: 2))
        #expect(spec.head == .softmax && spec.outputSize == 2 && spec.initScheme == .lecun)
        model.initScheme = nil
        #expect(EngineMapping.networkSpec(model, data: classification(classes: 2)).initScheme == .he)
    }

    @Test func trainingFieldsCarryOver() throws {
        var training = RunConfig.Training()
        training.optimizer = .momentum
        training.learningRate = 0.05
        training.momentum = 0.8
        training.batchSize = 17
        training.epochs = 9
        training.weightDecay = 1e-4
        training.clipNorm = 2
        training.schedule = .cosine
        training.minLearningRate = 1e-5
        training.warmupEpochs = 2
        training.seed = 7
        var stopping = RunConfig.EarlyStopping()
        stopping.patience = 3
        stopping.minDelta = 0.01
        stopping.restoreBest = false
        training.earlyStopping = stopping
        let spec = EngineMapping.trainingSpec(training)
        #expect(spec.optimizer == .momentum && spec.learningRate == 0.05 && spec.momentum == 0.8)
        #expect(spec.batchSize == 17 && spec.epochs == 9 && spec.weightDecay == 1e-4 && spec.clipNorm == 2)
        #expect(spec.schedule == ScheduleSpec(kind: .cosine, stepEpochs: 10, gamma: 0.1, minimumRate: 1e-5, warmupEpochs: 2))
        #expect(spec.earlyStopping == EarlyStoppingSpec(patience: 3, minDelta: 0.01, restoreBest: false))
        #expect(spec.seed == 7)
    }

    @Test func datasetFieldsCarryOver() throws {
        var dataset = RunConfig.Dataset()
        dataset.name = "moons"
        dataset.n = 120
        dataset.noise = 0.3
        dataset.validation = 0.25
        dataset.test = 0.1
        dataset.normalize = .minmax
        dataset.task = .classification
        dataset.seed = 4
        let spec = EngineMapping.datasetSpec(dataset)
        #expect(spec == DatasetSpec(name: "moons", task: .classification, validation: 0.25, test: 0.1,
                                    normalization: .minmax, seed: 4, samples: 120, noise: 0.3))
        dataset.task = nil
        #expect(EngineMapping.datasetSpec(dataset).task == nil)
    }
}
