import Testing
@testable import Backprop
import Core

/// What is not a gradient: dropout's statistics, evaluation mode, batch norm's running statistics.
struct DropoutAndNormModeTests {
    @Test func dropoutKeepsOneMinusPAndScalesByItsInverse() {
        let count = 200_000, p = 0.3
        let mask = UnsafeMutablePointer<Float>.allocate(capacity: count)
        defer { mask.deallocate() }
        var generator = SeededGenerator(seed: 1, stream: "dropout")
        DropoutMask.draw(mask, count: count, probability: p, using: &generator)
        let kept = (0..<count).filter { mask[$0] != 0 }
        let fraction = Double(kept.count) / Double(count)
        // Binomial standard deviation sqrt(0.21 / 200000) ~ 0.001: five of them.
        #expect(abs(fraction - 0.7) < 0.005, "kept fraction \(fraction)")
        #expect(kept.allSatisfy { mask[$0] == 1 / Float(0.7) })
        // The expected activation is kept: the mask's mean is ~1.
        let mean = (0..<count).map { Double(mask[$0]) }.reduce(0, +) / Double(count)
        #expect(abs(mean - 1) < 0.01)
    }

    @Test func evaluationModeIgnoresDropout() {
        let plain = NetworkSpec(inputSize: 3, hidden: [4, 4], outputSize: 3, activation: .relu, head: .softmax)
        var dropped = plain
        dropped.dropout = [0.5, 0.5]
        let inputs = Matrix(rows: 5, columns: 3, storage: GradientCheckTests.inputs.flatMap { $0.map(Float.init) })
        let network = Network(spec: dropped, seed: 4)
        #expect(network.predict(inputs) == Network(spec: plain, parameters: network.parameters).predict(inputs))
    }

    /// One train-mode step moves the running statistics by momentum 0.1 towards the batch's mean
    /// and unbiased variance; evaluation then normalises with them (the Double reference, eval mode).
    @Test func batchNormRunningStatisticsAndEvaluation() {
        let spec = NetworkSpec(inputSize: 3, hidden: [4], outputSize: 3, activation: .tanh, head: .softmax, norm: .batch)
        var network = Network(spec: spec, seed: 6)
        let inputs = Matrix(rows: 5, columns: 3, storage: GradientCheckTests.inputs.flatMap { $0.map(Float.init) })
        let reference = ReferenceMLP(network)
        let pre = reference.forward(GradientCheckTests.inputs).pre[0]
        network.backward(inputs: inputs, targets: BlockGradientCheckTests.targets)
        #expect(network.batchesTracked == 1)
        let norm = network.layout.layers[0].norm!
        for i in 0..<4 {
            let column = pre.map { $0[i] }
            let mean = column.reduce(0, +) / 5
            let unbiased = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4
            #expect(abs(Double(network.buffers[norm.runningMean!.lowerBound + i]) - 0.1 * mean) < 1e-6)
            #expect(abs(Double(network.buffers[norm.runningVariance!.lowerBound + i]) - (0.9 + 0.1 * unbiased)) < 1e-6)
        }
        var evaluation = ReferenceMLP(network)
        evaluation.training = false
        let expected = evaluation.forward(GradientCheckTests.inputs).logits
        let logits = network.logits(inputs)
        for j in 0..<5 { for i in 0..<3 { #expect(abs(Double(logits[j, i]) - expected[j][i]) < 1e-5) } }
    }

    /// With batch norm, a final batch of one row is skipped (33 rows in batches of 16: 2 steps an
    /// epoch, not 3), and dropout runs draw from their own stream: the same seed repeats bit for bit.
    @Test func trainingWithBlocksSkipsALoneRowAndRepeats() {
        var generator = SeededGenerator(seed: 9, stream: "data")
        let rows = 33
        let inputs = Matrix(rows: rows, columns: 3, storage: (0..<(rows * 3)).map { _ in Float(generator.nextGaussian()) })
        let labels = (0..<rows).map { Int32($0 % 3) }
        let data = LabeledData(inputs: inputs, targets: .classes(labels: labels, classCount: 3))
        let spec = NetworkSpec(inputSize: 3, hidden: [8, 8], outputSize: 3, activation: .relu, head: .softmax,
                               dropout: [0.2, 0.2], norm: .batch, residual: true)
        let training = TrainingSpec(optimizer: .adam, learningRate: 0.01, batchSize: 16, epochs: 3)
        let first = Trainer.train(network: spec, training: training, data: data, validation: data)
        let second = Trainer.train(network: spec, training: training, data: data, validation: data)
        #expect(first.network.batchesTracked == 6)
        #expect(first.network.parameters == second.network.parameters)
        #expect(first.network.buffers == second.network.buffers)
        #expect(first.finalMetrics["val_loss"].map(\.isFinite) == true)
        // Final metrics are evaluation mode: equal to the exported network's own evaluation.
        #expect(first.network.evaluate(data)["loss"] == first.finalMetrics["train_loss"])
    }
}
