import Backprop
import CKernels
import Core
import Foundation

/// `gradbook bench --workload gemm`: the matrix products one training step of W1 / W2 makes, in
/// the engine's layouts (activations feature-major [features, batch], weights [out, in]), timed
/// through gb_gemm alone: forward Z = W X, weight gradient dW = Delta X^T, input gradient
/// dX = W^T Delta (a transposed A, through its strides).
struct GemmBenchResult: Encodable {
    let workload: String
    let product: String
    let m: Int, n: Int, k: Int
    let kernel: String
    let threads: Int
    let seconds: Double
    let gflops: Double

    /// Every product of one step of `workload`, each timed for about `budget` seconds (best call).
    static func measure(_ workload: BenchWorkload, kernel: String, threads: Int, budget: Double = 0.1) -> [GemmBenchResult] {
        let pool = gb_gemm_pool_create(Int32(threads))
        defer { gb_gemm_pool_destroy(pool) }
        let widths = workload.network.widths, batch = workload.training.batchSize
        var results: [GemmBenchResult] = []
        for layer in 0..<(widths.count - 1) {
            let fanIn = widths[layer], fanOut = widths[layer + 1]
            results.append(time("forward \(layer + 1)", m: fanOut, n: batch, k: fanIn, transposedA: false))
            results.append(time("dW \(layer + 1)", m: fanOut, n: fanIn, k: batch, transposedA: false))
            if layer > 0 { results.append(time("dX \(layer + 1)", m: fanIn, n: batch, k: fanOut, transposedA: true)) }
        }
        return results

        func time(_ product: String, m: Int, n: Int, k: Int, transposedA: Bool) -> GemmBenchResult {
            var generator = SeededGenerator(seed: 1, stream: "bench-gemm")
            let a = (0..<m * k).map { _ in generator.nextFloat() - 0.5 }
            let b = (0..<k * n).map { _ in generator.nextFloat() - 0.5 }
            var c = [Float](repeating: 0, count: m * n)
            let (rowStride, columnStride) = transposedA ? (1, m) : (k, 1)
            let clock = ContinuousClock()
            var best = Double.infinity
            let deadline = clock.now + .milliseconds(Int(budget * 1000))
            repeat {
                let start = clock.now
                gb_gemm_pooled(pool, m, n, k, a, rowStride, columnStride, b, n, 1, &c, n, 0)
                let elapsed = clock.now - start
                best = min(best, Double(elapsed.components.attoseconds) * 1e-18 + Double(elapsed.components.seconds))
            } while clock.now < deadline
            return GemmBenchResult(workload: workload.id, product: product, m: m, n: n, k: k, kernel: kernel,
                                   threads: threads, seconds: best, gflops: 2 * Double(m * n * k) / best / 1e9)
        }
    }

    func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    var tableRow: String {
        "\(workload) \(product.padding(toLength: 11, withPad: " ", startingAt: 0))"
            + String(format: " %5d x %4d x %4d  %10.2f us  %7.1f GFLOP/s", m, n, k, seconds * 1e6, gflops)
    }
}
