import Foundation

/// One timed training run.
struct BenchRun {
    let seconds: Double
    let cpuSeconds: Double
    let finalLoss: Double?
    /// The first 16 hex digits of the SHA-256 of the trained weights: equal digests across
    /// `--threads` and `--kernel` show the runs are bit-identical.
    let weightsDigest: String
}

/// The measured runs of one workload, as a table row or a JSON line.
struct BenchResult: Encodable {
    let workload: String
    let name: String
    /// Samples trained per run (training split x epochs).
    let samples: Int
    let repeats: Int
    /// "best": the fastest run is the headline figure; `median_seconds` is given beside it.
    let statistic = "best"
    let seconds: Double
    let medianSeconds: Double
    let samplesPerSecond: Double
    let gflops: Double
    /// The least CPU time of the training thread over the runs, and samples per CPU second: less
    /// disturbed than wall time when other processes share the cores.
    let cpuSeconds: Double
    let samplesPerCPUSecond: Double
    let kernel: String
    let threads: Int
    let flushDenormals: Bool
    let finalTrainLoss: Double?
    let weightsDigest: String

    init(workload: BenchWorkload, samples: Int, runs: [BenchRun], kernel: String, threads: Int, flushDenormals: Bool) {
        let sorted = runs.map(\.seconds).sorted()
        self.workload = workload.id
        name = workload.name
        self.samples = samples
        repeats = runs.count
        seconds = sorted[0]
        medianSeconds = sorted.count % 2 == 1 ? sorted[sorted.count / 2]
            : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        samplesPerSecond = Double(samples) / seconds
        gflops = workload.flopsPerSample * Double(samples) / seconds / 1e9
        cpuSeconds = runs.map(\.cpuSeconds).min() ?? .nan
        samplesPerCPUSecond = Double(samples) / cpuSeconds
        self.kernel = kernel
        self.threads = threads
        self.flushDenormals = flushDenormals
        finalTrainLoss = runs.last?.finalLoss
        weightsDigest = runs.last?.weightsDigest ?? "-"
    }

    enum CodingKeys: String, CodingKey {
        case workload, name, samples, repeats, statistic, seconds, kernel, threads
        case flushDenormals = "flush_denormals"
        case weightsDigest = "weights_digest"
        case medianSeconds = "median_seconds"
        case samplesPerSecond = "samples_per_second"
        case gflops
        case cpuSeconds = "cpu_seconds"
        case samplesPerCPUSecond = "samples_per_cpu_second"
        case finalTrainLoss = "final_train_loss"
    }

    func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    static let tableHeader = "workload         samples   best s  median s     samples/s   GFLOP/s     cpu s  samples/cpu-s  train loss  weights"

    var tableRow: String {
        let loss = finalTrainLoss.map { String(format: "%.4f", $0) } ?? "-"
        let label = "\(workload) \(name)".padding(toLength: 14, withPad: " ", startingAt: 0)
        return label + String(format: " %9d %8.3f %9.3f %13.0f %9.1f %9.3f %14.0f  ", samples, seconds, medianSeconds,
                                      samplesPerSecond, gflops, cpuSeconds, samplesPerCPUSecond) + loss + "  " + weightsDigest
    }
}
