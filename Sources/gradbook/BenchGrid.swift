import Backprop
import Core
import Datasets
import Foundation

/// `gradbook bench --workload grid`: the README's 18-variant digits-grid (learning rate x hidden
/// x activation, Adam, batch 32, 30 epochs, one 80/20 split), each variant trained in this process
/// and timed alone, so the cost of one variant (e.g. subnormal floats in saturated tanh units at
/// lr 0.1) shows beside the same shape at lr 0.001.
struct GridBenchResult: Encodable {
    let variant: String
    let threads: Int
    let flushDenormals: Bool
    let seconds: Double
    let weightsDigest: String

    enum CodingKeys: String, CodingKey {
        case variant, threads, seconds
        case flushDenormals = "flush_denormals"
        case weightsDigest = "weights_digest"
    }

    static func measure(repeats: Int, threads: Int, flushDenormals: Bool) throws -> [GridBenchResult] {
        let data = try BenchWorkload.digits.makeData()
        var results: [GridBenchResult] = []
        for rate in [1e-3, 1e-2, 1e-1] {
            for hidden in [[32], [128], [128, 64]] {
                for activation in [Activation.relu, .tanh] {
                    var workload = BenchWorkload.digits
                    workload.network = NetworkSpec(inputSize: 64, hidden: hidden, outputSize: 10, activation: activation,
                                                   head: .softmax)
                    workload.training.learningRate = rate
                    workload.training.threads = threads
                    workload.training.flushDenormals = flushDenormals
                    let runs = (0..<repeats).map { _ in BenchCommand.timeTraining(workload, on: data) }
                    let name = "lr=\(rate) hidden=\(hidden.map(String.init).joined(separator: "x")) \(activation.rawValue)"
                    results.append(GridBenchResult(variant: name, threads: threads, flushDenormals: flushDenormals,
                                                   seconds: runs.map(\.seconds).min() ?? .nan,
                                                   weightsDigest: runs.last?.weightsDigest ?? "-"))
                }
            }
        }
        return results
    }

    func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    var tableRow: String {
        variant.padding(toLength: 32, withPad: " ", startingAt: 0) + String(format: " %8.4f s  ", seconds) + weightsDigest
    }
}
