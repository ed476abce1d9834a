import Backprop
import CKernels
import Core
import Testing

// Flush-to-zero / denormals-are-zero (Numerics.version 2): subnormal inputs read as zero and
// subnormal results come out as zero, on every kernel alike, and the engine trains with both on.

/// Runs `body` with FTZ/DAZ on in this thread and puts the previous state back.
private func flushing<T>(_ body: () -> T) -> T {
    let previous = gb_set_flush_denormals(1)
    defer { gb_restore_float_control(previous) }
    return body()
}

private let tiny = Float.leastNormalMagnitude / 8 // subnormal

@Test func flushDenormalsSetsAndRestoresTheThreadsState() {
    let before = gb_float_control()
    let previous = gb_set_flush_denormals(1)
    #expect(gb_flush_denormals_enabled() == 1)
    gb_restore_float_control(previous)
    #expect(gb_float_control() == before)
    #expect(gb_flush_denormals_enabled() == 0)
}

/// DAZ: a subnormal operand counts as zero; FTZ: a subnormal result becomes zero. Every kernel
/// (and the reference) agrees bit for bit with FTZ on; without it the same products are subnormal.
@Test func everyKernelFlushesSubnormalInputsAndResults() {
    let n = 40
    // Row 0: subnormal input x 8 (DAZ: 0, else the smallest normal); row 1: 2^-70 x 2^-70 = 2^-140
    // (FTZ: 0, else subnormal); row 2: normal values, unchanged.
    let a: [Float] = [tiny, 0x1p-70, 0.5]
    let b = [Float](repeating: 8, count: n) + [Float](repeating: 0x1p-70, count: n) + [Float](repeating: 3, count: n)
    func product(_ kernel: Int32, onRow row: Int) -> [Float] {
        var c = [Float](repeating: 0, count: n)
        #expect(gb_gemm_with_kernel(kernel, 1, n, 1, [a[row]], 1, 1, Array(b[(row * n)..<((row + 1) * n)]), n, 1,
                                    &c, n, 0) == 0)
        return c
    }
    for kernel in runnableGemmKernels + [GB_GEMM_KERNEL_SCALAR] {
        let flushed = flushing { (0..<3).map { product(kernel, onRow: $0) } }
        #expect(flushed[0].allSatisfy { $0 == 0 }, "kernel \(kernel): DAZ")
        #expect(flushed[1].allSatisfy { $0 == 0 }, "kernel \(kernel): FTZ")
        #expect(flushed[2].allSatisfy { $0 == 1.5 })
        let kept = (0..<2).map { product(kernel, onRow: $0) }
        #expect(kept[0].allSatisfy { $0 == Float.leastNormalMagnitude }, "kernel \(kernel) without DAZ")
        #expect(kept[1].allSatisfy { $0 == 0x1p-140 }, "kernel \(kernel) without FTZ")
    }
}

/// The activations on subnormal and near-underflow inputs agree across kernels with FTZ on.
@Test func activationsAgreeAcrossKernelsWithFlushing() {
    let z: [Float] = [tiny, -tiny, 0x1p-100, -0x1p-120, -87.5, -90, 0.25, -20, 1e-30]
    let functions = [GB_ACTIVATION_ELU, GB_ACTIVATION_GELU, GB_ACTIVATION_SILU, GB_ACTIVATION_TANH,
                     GB_ACTIVATION_SIGMOID, GB_ACTIVATION_SOFTPLUS]
    flushing {
        for function in functions {
            var reference = [Float](repeating: 0, count: z.count)
            #expect(gb_activation_forward_with_kernel(GB_GEMM_KERNEL_SCALAR, function, z.count, z, &reference) == 0)
            #expect(reference[0] == 0 || function == GB_ACTIVATION_SIGMOID || function == GB_ACTIVATION_SOFTPLUS
                    || function == GB_ACTIVATION_GELU, "function \(function): \(reference[0])")
            for kernel in runnableGemmKernels {
                var output = [Float](repeating: 0, count: z.count)
                #expect(gb_activation_forward_with_kernel(kernel, function, z.count, z, &output) == 0)
                #expect(output.map(\.bitPattern) == reference.map(\.bitPattern), "function \(function), kernel \(kernel)")
            }
        }
    }
}

/// A tanh net fed subnormal inputs trains to the very bits it reaches on the same inputs zeroed
/// by hand (DAZ reads them as signed zeros), and its last gradients hold no subnormal; with
/// flushing off (numerics 1) the gradients of the first layer are subnormal instead.
@Test func trainingFlushesSubnormalsAsExplicitZerosWould() {
    var generator = SeededGenerator(seed: 8, stream: "subnormal-data")
    let samples = 64, features = 6
    var values: [Float] = []
    var zeroed: [Float] = []
    for index in 0..<(samples * features) {
        let normal = Float(generator.nextGaussian())
        if index % features < 2 { // two features of every sample are subnormal
            let value = normal < 0 ? -tiny * Float(1 + index % 7) : tiny * Float(1 + index % 7)
            values.append(value)
            zeroed.append(value.sign == .minus ? -0.0 : 0.0)
        } else {
            values.append(normal)
            zeroed.append(normal)
        }
    }
    let labels = (0..<samples).map { Int32(values[$0 * features + 2] > 0 ? 1 : 0) }
    func data(_ storage: [Float]) -> LabeledData {
        LabeledData(inputs: Matrix(rows: samples, columns: features, storage: storage),
                    targets: .classes(labels: labels, classCount: 2))
    }
    let spec = NetworkSpec(inputSize: features, hidden: [12], outputSize: 2, activation: .tanh, head: .softmax)
    let training = TrainingSpec(optimizer: .adam, learningRate: 0.1, batchSize: 16, epochs: 4, seed: 1)
    let subnormal = Trainer.train(network: spec, training: training, data: data(values), validation: nil)
    let explicit = Trainer.train(network: spec, training: training, data: data(zeroed), validation: nil)
    #expect(subnormal.network.parameters.map(\.bitPattern) == explicit.network.parameters.map(\.bitPattern))
    #expect(subnormal.epochs == explicit.epochs)
    #expect(!subnormal.network.gradients.contains { $0.isSubnormal })
    var unflushed = training
    unflushed.flushDenormals = false
    let kept = Trainer.train(network: spec, training: unflushed, data: data(values), validation: nil)
    #expect(kept.network.gradients.contains { $0.isSubnormal }, "the test needs subnormals to flush")
    // Trainer.train leaves its caller's floating-point state as it found it.
    #expect(gb_flush_denormals_enabled() == 0)
    let inside = flushing { Trainer.train(network: spec, training: unflushed, data: data(values), validation: nil) }
    #expect(inside.network.parameters == kept.network.parameters)
}

@Test func trainingRunsWithFlushingOnInItsThread() {
    var seen: [Int32] = []
    let spec = NetworkSpec(inputSize: 2, hidden: [4], outputSize: 2, activation: .relu, head: .softmax)
    _ = Trainer.train(network: spec, training: TrainingSpec(batchSize: 4, epochs: 2, seed: 1), data: TrainerTests.xor,
                      validation: nil) { _ in
        seen.append(gb_flush_denormals_enabled())
        return true
    }
    #expect(seen == [1, 1])
    #expect(gb_flush_denormals_enabled() == 0)
    #expect(Numerics.version == 2)
}
