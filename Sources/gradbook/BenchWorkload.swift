import Backprop
import Core
import Datasets

/// One reference workload: a peer library trained on the same shapes, optimizer, batch size and
/// epochs in the same session gives samples/s to compare as a ratio.
struct BenchWorkload: Sendable {
    /// "W1", "W2": the names `--workload` and the JSON lines use.
    let id: String
    let name: String
    var network: NetworkSpec
    var training: TrainingSpec
    /// Builds the training split; not timed.
    let makeData: @Sendable () throws -> LabeledData

    /// W1 "digits": 64-128-64-10 ReLU, softmax cross-entropy, Adam lr 1e-3, batch 32, 30 epochs,
    /// on the standardised 80% training split of scikit-learn's digits.
    static let digits = BenchWorkload(
        id: "W1", name: "digits",
        network: NetworkSpec(inputSize: 64, hidden: [128, 64], outputSize: 10, activation: .relu, head: .softmax),
        training: TrainingSpec(optimizer: .adam, learningRate: 1e-3, batchSize: 32, epochs: 30, seed: 0),
        makeData: {
            do {
                return try DatasetLoader.load(DatasetSpec(name: "digits", validation: 0.2, normalization: .standard)).train
            } catch {
                throw BenchError("W1 needs the shipped 'digits' data set, which did not load: \(error)")
            }
        })

    /// W2 "wide": 784-512-512-10 ReLU, SGD with momentum 0.9, lr 0.01, batch 128, 3 epochs, on
    /// 8192 Gaussian inputs labelled by the argmax of a fixed random linear map.
    static let wide = BenchWorkload(
        id: "W2", name: "wide",
        network: NetworkSpec(inputSize: 784, hidden: [512, 512], outputSize: 10, activation: .relu, head: .softmax),
        training: TrainingSpec(optimizer: .momentum, learningRate: 0.01, momentum: 0.9, batchSize: 128, epochs: 3, seed: 0),
        makeData: { wideData(samples: 8192, features: 784, classes: 10) })

    /// W3 "digits-blocks": W1 with batch norm after each hidden linear layer and dropout 0.2
    /// after each hidden activation (train mode while training, eval mode for the metrics).
    static let digitsBlocks = BenchWorkload(
        id: "W3", name: "digits+bn+drop",
        network: NetworkSpec(inputSize: 64, hidden: [128, 64], outputSize: 10, activation: .relu, head: .softmax,
                             dropout: [0.2, 0.2], norm: .batch),
        training: digits.training, makeData: digits.makeData)

    static let all = [digits, wide, digitsBlocks]
    /// The workloads whose products the `gemm` workload times (W3's are W1's).
    static let gemmShapes = [digits, wide]

    /// The README's effective FLOPs per trained sample: forward + backward ~ 3 x the forward
    /// products' 2 x sum(fan_in x fan_out).
    var flopsPerSample: Double {
        let widths = network.widths
        return 6 * Double(zip(widths, widths.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 })
    }

    private static func wideData(samples: Int, features: Int, classes: Int) -> LabeledData {
        var generator = SeededGenerator(seed: 0, stream: "bench-wide")
        let inputs = (0..<samples * features).map { _ in Float(generator.nextGaussian()) }
        let map = (0..<features * classes).map { _ in Float(generator.nextGaussian()) }
        var labels = [Int32](repeating: 0, count: samples)
        var scores = [Float](repeating: 0, count: classes)
        for sample in 0..<samples {
            for c in 0..<classes { scores[c] = 0 }
            for f in 0..<features {
                let x = inputs[sample * features + f]
                for c in 0..<classes { scores[c] += x * map[f * classes + c] }
            }
            labels[sample] = Int32(scores.indices.max { scores[$0] < scores[$1] } ?? 0)
        }
        return LabeledData(inputs: Matrix(rows: samples, columns: features, storage: inputs),
                           targets: .classes(labels: labels, classCount: classes))
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
