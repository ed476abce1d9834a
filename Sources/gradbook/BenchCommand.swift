import ArgumentParser
import Backprop
import CKernels
import Charts
import Core
import Foundation

/// `gradbook bench`: trains the reference workloads (W1, W2 in `BenchWorkload`) through the engine's
/// public `Trainer.train` (on `--threads` threads) and reports samples/s and effective GFLOP/s.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the engine on the reference workloads (W1 digits, W2 wide, W3 digits with batch norm and dropout) and the chart renderer.",
        discussion: """
            Each workload is trained --repeats times; the table and the JSON report the BEST run \
            (the least disturbed by other processes on a shared machine) and the median. Only \
            training is timed (Trainer.train, including its per-epoch metrics), not data loading. \
            Compare a peer library (PyTorch, NumPy) on the same shapes run in the same session. The 'render' workload \
            draws a 50-curve x 500-epoch loss chart (Charts.ChartBenchmark), with and without PNG encoding. \
            The 'gemm' workload (not part of 'all') times each matrix product of one W1 and W2 step \
            through gb_gemm alone (on --threads threads). The 'grid' workload (not part of 'all') trains \
            the 18 digits-grid variants one by one and times each; with --flush-denormals off it shows \
            what subnormal floats cost on this CPU (the engine always trains with them flushed). The 'sweep' \
            workload (not part of 'all') runs a random sweep of --variants tiny networks (moons, 10 epochs) \
            end to end through 'gradbook run --jobs 2' and 'gradbook report' in child processes and reports \
            CPU-seconds, wall, peak RSS and the overhead per run (CPU beyond the runs' own training).
            """)

    enum WorkloadChoice: String, ExpressibleByArgument, CaseIterable {
        case W1, W2, W3, render, gemm, grid, sweep, all
    }

    enum Switch: String, ExpressibleByArgument, CaseIterable {
        case on, off
    }

    enum KernelChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, avx512, avx2, scalar

        var code: Int32 {
            switch self {
            case .auto: return GB_GEMM_KERNEL_AUTO
            case .avx512: return GB_GEMM_KERNEL_AVX512
            case .avx2: return GB_GEMM_KERNEL_AVX2
            case .scalar: return GB_GEMM_KERNEL_SCALAR
            }
        }
    }

    @Option(help: "Which workload to run: \(WorkloadChoice.allCases.map(\.rawValue).joined(separator: ", ")).")
    var workload: WorkloadChoice = .all

    @Option(help: "Timed runs per workload; the best and the median are reported.")
    var repeats: Int = 3

    @Option(help: "Force a gemm kernel (\(KernelChoice.allCases.map(\.rawValue).joined(separator: ", "))); results are bit-identical, only speed differs.")
    var kernel: KernelChoice = .auto

    @Option(help: "Threads each run's matrix products split over (training.threads); results are bit-identical.")
    var threads: Int = 1

    @Option(help: "Flush-to-zero / denormals-are-zero while training (on, as every run trains; off only to measure their cost).")
    var flushDenormals: Switch = .on

    @Option(help: "Variants of the 'sweep' workload.")
    var variants: Int = 2000

    @Option(help: "Keep the 'sweep' workload's notebook and output in this folder (default: a temporary one, removed).")
    var keep: String?

    @Flag(help: "Print one JSON object per workload and line instead of a table.")
    var json = false

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        guard variants >= 1 else { throw ValidationError("--variants must be at least 1, got \(variants)") }
    }

    func run() throws {
        guard gb_gemm_set_kernel(kernel.code) == 0 else {
            throw BenchError("this CPU (or build) cannot run the '\(kernel.rawValue)' gemm kernel")
        }
        let kernelName = String(cString: gb_gemm_kernel_name())
        let flush = flushDenormals == .on
        if workload == .gemm {
            for workload in BenchWorkload.gemmShapes {
                for result in GemmBenchResult.measure(workload, kernel: kernelName, threads: threads) {
                    print(json ? try result.jsonLine() : result.tableRow)
                }
            }
            return
        }
        if workload == .sweep {
            if !json { print("gradbook bench sweep: \(variants) variants, --jobs 2, best of \(repeats) (CPU-seconds include the workers)") }
            let runs = try (0..<repeats).map { _ in try SweepBenchResult.measure(variants: variants, jobs: 2, keep: keep) }
            for result in runs { print(json ? try result.jsonLine() : result.tableRow) }
            return
        }
        if workload == .grid {
            if !json { print("gradbook bench grid: threads \(threads), flush denormals \(flushDenormals.rawValue), kernel \(kernelName), best of \(repeats)") }
            for result in try GridBenchResult.measure(repeats: repeats, threads: threads, flushDenormals: flush) {
                print(json ? try result.jsonLine() : result.tableRow)
            }
            return
        }
        let workloads = workload == .all ? BenchWorkload.all : BenchWorkload.all.filter { $0.id == workload.rawValue }
        let includesRender = workload == .all || workload == .render
        if !json && !workloads.isEmpty {
            print("gradbook bench: \(threads) thread(s), flush denormals \(flushDenormals.rawValue), gemm kernel \(kernelName), best (and median) of \(repeats) run(s); training time only")
            print(BenchResult.tableHeader)
        }
        for var workload in workloads {
            workload.training.threads = threads
            workload.training.flushDenormals = flush
            let data = try workload.makeData()
            // Runs are deterministic, so every run ends at the same loss; it shows the run trained.
            let runs = (0..<repeats).map { _ in Self.timeTraining(workload, on: data) }
            let result = BenchResult(workload: workload, samples: data.count * workload.training.epochs,
                                     runs: runs, kernel: kernelName, threads: threads, flushDenormals: flush)
            print(json ? try result.jsonLine() : result.tableRow)
        }
        if includesRender {
            let result = RenderBenchResult.measure(curves: 50, epochs: 500, repeats: repeats)
            print(json ? try result.jsonLine() : result.tableRow)
        }
    }

    /// Trains once; returns the wall time and this thread's CPU time of `Trainer.train` (the CPU
    /// time is what a loaded shared machine disturbs least) and the last epoch's training loss.
    static func timeTraining(_ workload: BenchWorkload, on data: LabeledData) -> BenchRun {
        let clock = ContinuousClock()
        let cpuStart = threadCPUSeconds()
        let start = clock.now
        let result = Trainer.train(network: workload.network, training: workload.training, data: data, validation: nil)
        let elapsed = clock.now - start
        let cpu = threadCPUSeconds() - cpuStart
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let bytes = result.network.parameters.withUnsafeBytes { Array($0) }
        return BenchRun(seconds: seconds, cpuSeconds: cpu, finalLoss: result.epochs.last?.metrics["train_loss"],
                        weightsDigest: String(SHA256.hexDigest(bytes).prefix(16)))
    }

    private static func threadCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }
}
