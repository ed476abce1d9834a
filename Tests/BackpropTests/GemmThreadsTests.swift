import Backprop
import CKernels
import Core
import Testing

// gb_gemm_pooled splits C by output tiles over threads; each element is still one FMA chain, so
// the result must equal the one-thread reference BIT FOR BIT for every thread count.

extension GemmCase {
    /// The product on `pool` and the reference on copies of C; true when every bit of C agrees.
    func pooledMatchesReference(_ pool: OpaquePointer?) -> Bool {
        var threaded = c
        var reference = c
        gb_gemm_pooled(pool, m, n, k, a, aRowStride, aColumnStride, b, bRowStride, bColumnStride, &threaded, ldc,
                       accumulate ? 1 : 0)
        gb_gemm_reference_ex(m, n, k, a, aRowStride, aColumnStride, b, bRowStride, bColumnStride,
                             &reference, ldc, accumulate ? 1 : 0)
        return threaded.map(\.bitPattern) == reference.map(\.bitPattern)
    }
}

@Test(arguments: [2, 3, 4])
func pooledGemmMatchesTheReferenceBitForBit(threads: Int) {
    let pool = gb_gemm_pool_create(Int32(threads))
    defer { gb_gemm_pool_destroy(pool) }
    #expect(gb_gemm_pool_threads(pool) == Int32(threads))
    // Shapes on both sides of the split rules: row tiles (m >= 96), column tiles (few rows, n >= 128),
    // ragged last tiles, products too small to split, k past the kernels' k-block.
    let shapes = [(512, 128, 784), (784, 128, 512), (512, 784, 128), (10, 512, 128), (97, 33, 300),
                  (200, 129, 70), (95, 200, 64), (10, 130, 500), (7, 7, 7), (300, 17, 1), (96, 96, 0)]
    for (index, (m, n, k)) in shapes.enumerated() {
        for layouts in [(GemmCase.Layout.rowMajor, GemmCase.Layout.rowMajor), (.transposed, .rowMajor),
                        (.rowMajor, .transposed), (.strided, .strided)] {
            let gemmCase = GemmCase(m: m, n: n, k: k, aLayout: layouts.0, bLayout: layouts.1,
                                    accumulate: index % 2 == 0, seed: UInt64(index * 7 + threads))
            #expect(gemmCase.pooledMatchesReference(pool), "\(threads) threads: \(gemmCase)")
        }
    }
}

@Test func aPoolRunsManyProductsInARowAndANilPoolIsOneThread() {
    let pool = gb_gemm_pool_create(2)
    defer { gb_gemm_pool_destroy(pool) }
    let gemmCase = GemmCase(m: 256, n: 128, k: 96, aLayout: .rowMajor, bLayout: .rowMajor, accumulate: false, seed: 5)
    // Back-to-back jobs exercise the hand-over between generations (a late worker must not take a
    // tile of the next product).
    for _ in 0..<300 { #expect(gemmCase.pooledMatchesReference(pool)) }
    #expect(gemmCase.pooledMatchesReference(nil))
    #expect(gb_gemm_pool_create(1) == nil)
    #expect(gb_gemm_pool_threads(nil) == 1)
}

/// Training on 1, 2 and 3 threads ends in the same weights and curves, bit for bit (the network is
/// wide enough that its products split).
@Test func trainingIsBitIdenticalOnAnyThreadCount() {
    var generator = SeededGenerator(seed: 4, stream: "threads-data")
    let samples = 300, features = 100
    let inputs = Matrix(rows: samples, columns: features,
                        storage: (0..<samples * features).map { _ in Float(generator.nextGaussian()) })
    let labels = (0..<samples).map { Int32(inputs[$0, 0] > 0 ? 1 : 0) + Int32(inputs[$0, 1] > 0 ? 2 : 0) }
    let data = LabeledData(inputs: inputs, targets: .classes(labels: labels, classCount: 4))
    let spec = NetworkSpec(inputSize: features, hidden: [160, 130], outputSize: 4, activation: .tanh, head: .softmax)
    func train(threads: Int, optimizer: OptimizerKind) -> TrainingResult {
        let training = TrainingSpec(optimizer: optimizer, learningRate: 0.01, momentum: 0.9, batchSize: 150, epochs: 3,
                                    seed: 2, threads: threads)
        return Trainer.train(network: spec, training: training, data: data, validation: data)
    }
    for optimizer in [OptimizerKind.momentum, .adam] {
        let one = train(threads: 1, optimizer: optimizer)
        for threads in [2, 3] {
            let many = train(threads: threads, optimizer: optimizer)
            #expect(many.network.parameters.map(\.bitPattern) == one.network.parameters.map(\.bitPattern),
                    "\(optimizer) on \(threads) threads")
            #expect(many.epochs == one.epochs)
            #expect(many.finalMetrics == one.finalMetrics)
        }
    }
}
