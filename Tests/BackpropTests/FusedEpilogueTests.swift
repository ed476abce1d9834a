@testable import Backprop
import CKernels
import Core
import Testing

// The fused training passes (Propagation+Fused.swift: products in panels of output rows with the
// bias fill, activation, batch-major copy, activation derivative and optimizer step run per
// panel) must give the same bits as the whole-matrix reference passes, for every optimizer, with
// norms, dropout and skips between the product and the activation, and on several threads.

/// The vectorised sgd / momentum / nesterov step equals Optimizer.apply's Swift loop bit for bit,
/// on every kernel this CPU runs, on counts with and without a vector tail.
@Test(arguments: [OptimizerKind.sgd, .momentum, .nesterov])
func sgdUpdateKernelMatchesTheOptimizerLoop(kind: OptimizerKind) {
    var generator = SeededGenerator(seed: 11, stream: "sgd-kernel")
    let count = 203
    let training = TrainingSpec(optimizer: kind, learningRate: 0.037, momentum: 0.9, weightDecay: 3e-4)
    let gradients = (0..<count).map { _ in Float(generator.nextGaussian()) }
    let start = (0..<count).map { _ in Float(generator.nextGaussian()) }
    for kernel in [GB_GEMM_KERNEL_SCALAR, GB_GEMM_KERNEL_AVX2, GB_GEMM_KERNEL_AVX512]
    where gb_gemm_kernel_available(kernel) == 1 {
        let reference = Optimizer(spec: training, parameterCount: count)
        let kernelled = Optimizer(spec: training, parameterCount: count)
        var expected = start, actual = start
        // Three steps: the first starts the momentum buffer from the gradient, the later ones blend it.
        for _ in 0..<3 {
            reference.beginStep()
            kernelled.beginStep()
            expected.withUnsafeMutableBufferPointer {
                _ = reference.apply($0.baseAddress!, gradients: gradients, range: 0..<count, learningRate: 0.037)
            }
            let rule = kind == .sgd ? GB_SGD_RULE_PLAIN : kind == .momentum ? GB_SGD_RULE_MOMENTUM : GB_SGD_RULE_NESTEROV
            let status = actual.withUnsafeMutableBufferPointer {
                gb_sgd_update_with_kernel(kernel, count, $0.baseAddress!, gradients, kernelled.first, rule,
                                          kernelled.step == 1 ? 1 : 0, 0.037, Float(3e-4), 0.9)
            }
            #expect(status == 0)
            #expect(actual.map(\.bitPattern) == expected.map(\.bitPattern), "\(kind) on kernel \(kernel)")
            if let a = reference.first, let b = kernelled.first {
                #expect((0..<count).allSatisfy { a[$0].bitPattern == b[$0].bitPattern }, "\(kind) momentum buffer")
            }
        }
    }
}

/// A run through TrainingSession directly, fused or on the reference passes.
/// Also returns how many steps took the fused path. `panelled` cuts every product into panels
/// (otherwise these small outputs are one panel each).
private func train(_ spec: NetworkSpec, _ training: TrainingSpec, _ data: LabeledData, fused: Bool,
                   panelled: Bool = false) -> (result: TrainingResult, fusedSteps: Int) {
    let session = TrainingSession(spec: spec, training: training, data: data, fusedSteps: fused)
    if panelled { session.workspace.wholePanelFloats = 0 }
    let progress = Numerics.with(flushingDenormals: training.flushDenormals) {
        session.run(validation: data, test: nil, control: .uninterrupted, onEpoch: { _ in true })
    }
    return (progress.result!, session.fusedStepCount)
}

/// 96 features and a width of 100 hidden units: panels of 48, 48 and 4 rows (one thread) or 96
/// and 4 (two threads). With batches of 12, an epoch has 20 steps (the last of 2 samples), every
/// second one recording layer statistics (those take the reference step), the others fused.
private let fusionData: LabeledData = {
    var generator = SeededGenerator(seed: 5, stream: "fusion-data")
    let samples = 230, features = 96
    let inputs = Matrix(rows: samples, columns: features,
                        storage: (0..<samples * features).map { _ in Float(generator.nextGaussian()) })
    let labels = (0..<samples).map { Int32(inputs[$0, 0] > 0 ? 1 : 0) + Int32(inputs[$0, 1] > 0 ? 2 : 0) }
    return LabeledData(inputs: inputs, targets: .classes(labels: labels, classCount: 4))
}()

private func expectSameRun(_ spec: NetworkSpec, _ training: TrainingSpec, _ label: String) {
    let (reference, none) = train(spec, training, fusionData, fused: false)
    #expect(none == 0)
    for panelled in [false, true] {
        let (fused, taken) = train(spec, training, fusionData, fused: true, panelled: panelled)
        let label = "\(label)\(panelled ? ", in panels" : "")"
        #expect(taken == (training.clipNorm == nil ? 20 : 0), "\(label): fused steps")
        #expect(fused.network.parameters.map(\.bitPattern) == reference.network.parameters.map(\.bitPattern), "\(label): weights")
        #expect(fused.network.buffers.map(\.bitPattern) == reference.network.buffers.map(\.bitPattern), "\(label): running statistics")
        #expect(fused.network.gradients.map(\.bitPattern) == reference.network.gradients.map(\.bitPattern), "\(label): gradients")
        #expect(fused.epochs == reference.epochs, "\(label): curves and layer statistics")
        #expect(fused.finalMetrics == reference.finalMetrics, "\(label): final metrics")
    }
}

@Test(arguments: [OptimizerKind.sgd, .momentum, .nesterov, .adam, .adamw, .rmsprop, .nadam, .adagrad])
func fusedTrainingEqualsTheReferencePassesForEveryOptimizer(optimizer: OptimizerKind) {
    let spec = NetworkSpec(inputSize: 96, hidden: [100, 60], outputSize: 4, activation: .relu, head: .softmax)
    let training = TrainingSpec(optimizer: optimizer, learningRate: 0.01, momentum: 0.9, weightDecay: 1e-4,
                                batchSize: 12, epochs: 2, seed: 3)
    expectSameRun(spec, training, "\(optimizer)")
}

/// Norm, dropout and skips between the product and the activation, transcendental activations,
/// gradient clipping (which takes the reference step), on one and two threads.
@Test(arguments: [1, 2])
func fusedTrainingEqualsTheReferenceWithBlocksAndThreads(threads: Int) {
    let cases: [(String, NetworkSpec)] = [
        ("plain tanh", NetworkSpec(inputSize: 96, hidden: [100, 100], outputSize: 4, activation: .tanh, head: .softmax)),
        ("batch norm + dropout", NetworkSpec(inputSize: 96, hidden: [100, 60], outputSize: 4, activation: .relu,
                                             head: .softmax, dropout: [0.2, 0.2], norm: .batch)),
        ("layer norm + residual", NetworkSpec(inputSize: 96, hidden: [100, 100], outputSize: 4, activation: .gelu,
                                              head: .softmax, norm: .layer, residual: true)),
        ("dropout only", NetworkSpec(inputSize: 96, hidden: [100], outputSize: 4, activation: .sigmoid, head: .softmax,
                                     dropout: [0.3])),
    ]
    for (label, spec) in cases {
        for optimizer in [OptimizerKind.momentum, .adam] {
            let training = TrainingSpec(optimizer: optimizer, learningRate: 0.01, momentum: 0.9, batchSize: 12, epochs: 2,
                                        seed: 7, threads: threads)
            expectSameRun(spec, training, "\(label), \(optimizer), \(threads) threads")
        }
    }
    let clipped = TrainingSpec(optimizer: .momentum, learningRate: 0.05, clipNorm: 0.5, batchSize: 12, epochs: 2, seed: 1,
                               threads: threads)
    expectSameRun(NetworkSpec(inputSize: 96, hidden: [100], outputSize: 4, activation: .relu, head: .softmax), clipped,
                  "clipped, \(threads) threads")
}

/// Forward only (evaluation mode, the Evaluator's path and the library's predict): fused panels
/// equal the whole-matrix pass, for a plain network and one with blocks.
@Test func fusedForwardEqualsTheReferenceInEvaluationMode() {
    for spec in [NetworkSpec(inputSize: 96, hidden: [100, 50], outputSize: 4, activation: .silu, head: .softmax),
                 NetworkSpec(inputSize: 96, hidden: [100], outputSize: 4, activation: .relu, head: .softmax,
                             dropout: [0.5], norm: .batch)] {
        let network = Network(spec: spec, seed: 9)
        let batch = 70
        let outputs = [true, false].map { fused -> [UInt32] in
            let ws = Workspace(layout: network.layout, blocks: spec.blocks, capacity: batch)
            ws.wholePanelFloats = 0
            Array(0..<batch).withUnsafeBufferPointer { ws.stage(fusionData, rows: $0) }
            var buffers = network.buffers
            network.parameters.withUnsafeBufferPointer { p in
                buffers.withUnsafeMutableBufferPointer { b in
                    Propagation.forward(parameters: p.baseAddress!, buffers: b.baseAddress, activation: spec.activation,
                                        workspace: ws, batch: batch, forTraining: false, epilogues: fused)
                }
            }
            return (0..<(spec.outputSize * batch)).map { ws.preactivations[ws.layerCount - 1][$0].bitPattern }
        }
        #expect(outputs[0] == outputs[1], "\(spec.hidden) \(spec.norm)")
    }
}
