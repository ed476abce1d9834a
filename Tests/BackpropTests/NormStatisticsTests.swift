import Testing
@testable import Backprop
import Core

/// The norms' scale and shift are statistics rows of their own (`EpochRecord.norms`), gathered the
/// same way as the layers' weights, in both optimizer paths (range by range with sums, and the
/// whole-buffer kernel with passes around it).
struct NormStatisticsTests {
    static func rms(_ values: ArraySlice<Float>) -> Double {
        (values.reduce(0) { $0 + Double($1) * Double($1) } / Double(values.count)).squareRoot()
    }

    /// One full-batch step: every row equals the RMS of the gradient `Network.backward` gives at the
    /// initial weights, of the weights after the step, and of the step over those weights.
    @Test(arguments: [NormKind.batch, .layer], [OptimizerKind.sgd, .adam])
    func normRowsMatchADirectComputation(norm: NormKind, optimizer: OptimizerKind) {
        let data = LayerStatisticsTests.data(count: 12, features: 4, seed: 3)
        let spec = NetworkSpec(inputSize: 4, hidden: [5, 6], outputSize: 3, activation: .tanh, head: .softmax, norm: norm)
        let training = TrainingSpec(optimizer: optimizer, learningRate: 0.1, batchSize: 12, epochs: 1, seed: 4)
        let result = Trainer.train(network: spec, training: training, data: data, validation: nil)
        var initial = Network(spec: spec, seed: 4)
        initial.backward(inputs: data.inputs, targets: data.targets)
        let after = result.network.parameters
        let epoch = result.epochs[0]
        #expect(epoch.layers.count == 3)
        #expect(epoch.norms.count == 2)
        func expected(_ range: Range<Int>) -> LayerStatistics {
            let update = zip(after[range], initial.parameters[range]).map { $0 - $1 }
            let weightRMS = Self.rms(after[range])
            return LayerStatistics(gradientRMS: Self.rms(initial.gradients[range]), weightRMS: weightRMS,
                                   updateRatio: Self.rms(update[...]) / weightRMS)
        }
        func close(_ recorded: LayerStatistics, _ wanted: LayerStatistics, _ name: String) {
            #expect(wanted.gradientRMS > 0, "\(name) receives no gradient")
            #expect(abs(recorded.gradientRMS - wanted.gradientRMS) <= 1e-5 * wanted.gradientRMS, "\(name): \(recorded) vs \(wanted)")
            #expect(abs(recorded.weightRMS - wanted.weightRMS) <= 1e-6 * wanted.weightRMS, "\(name): \(recorded) vs \(wanted)")
            #expect(abs(recorded.updateRatio - wanted.updateRatio) <= 1e-4 * wanted.updateRatio, "\(name): \(recorded) vs \(wanted)")
        }
        for (l, slots) in initial.layout.layers.enumerated() {
            close(epoch.layers[l], expected(slots.weights), "layers.\(l).weight")
            guard let norm = slots.norm else { continue }
            close(epoch.norms[l].weight, expected(norm.scale), "norms.\(l).weight")
            close(epoch.norms[l].bias, expected(norm.shift), "norms.\(l).bias")
            // The shift starts at zero, so its first step is all of it.
            #expect(abs(epoch.norms[l].bias.updateRatio - 1) < 1e-6)
        }
    }

    @Test func aNetworkWithoutNormsHasNoNormRows() {
        let data = LayerStatisticsTests.data(count: 20, features: 4, seed: 5)
        let spec = NetworkSpec(inputSize: 4, hidden: [5, 5], outputSize: 3, activation: .relu, head: .softmax, residual: true)
        let result = Trainer.train(network: spec, training: TrainingSpec(optimizer: .momentum, batchSize: 4, epochs: 2),
                                   data: data, validation: nil)
        #expect(result.epochs.allSatisfy { $0.norms.isEmpty && $0.layers.count == 3 })
    }

    /// A checkpoint of a norm run written before norm rows existed carries the layers' sums only
    /// (and epochs without norm rows): it does not fit, so the run trains from the start.
    @Test func aCheckpointWithoutNormSumsDoesNotResume() throws {
        let train = CheckpointResumeTests.data(seed: 1)
        let training = CheckpointResumeTests.training(.momentum, epochs: 3, stopping: false)
        let control = TrainingControl(atBoundary: { .pause })
        let progress = try Trainer.train(network: CheckpointResumeTests.spec, training: training, data: train,
                                         validation: nil, from: nil, control: control)
        guard case .paused(var saved) = progress else { Issue.record("the run did not pause"); return }
        let layerCount = CheckpointResumeTests.spec.hidden.count + 1
        #expect(saved.layerSums.count == 2 * (layerCount + 2 * CheckpointResumeTests.spec.hidden.count))
        saved.layerSums = Array(saved.layerSums.prefix(layerCount)) + Array(saved.layerSums.dropFirst(layerCount + 4).prefix(layerCount))
        #expect(throws: CheckpointError.self) {
            _ = try Trainer.train(network: CheckpointResumeTests.spec, training: training, data: train, validation: nil,
                                  from: saved, control: .uninterrupted)
        }
    }
}
