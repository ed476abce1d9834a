import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `GRADBOOK_BENCH_TRAINING_CPU_LOG`: a file every worker appends one line per job to, the CPU
/// seconds its thread spent inside `Trainer.train` less what the per-epoch messages to the parent
/// took. How `gradbook bench --workload sweep` tells the runs' own training from the overhead
/// around it on a loaded machine, where a run's wall seconds mostly count waits for a core.
public enum TrainingCPULog {
    public static let variable = "GRADBOOK_BENCH_TRAINING_CPU_LOG"
    /// Read once: a worker's environment does not change.
    static let path: String? = ProcessInfo.processInfo.environment[variable]

    static var isOn: Bool { path != nil }

    /// CPU-seconds of the calling thread so far.
    static func threadSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    static func append(_ seconds: Double) {
        guard let path else { return }
        WorkerLoop.appendLine(String(format: "%.9f\n", seconds), to: path)
    }

    /// The sum of a log's lines (a missing log sums to nil).
    public static func total(of path: String) -> Double? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").reduce(0) { $0 + (Double($1) ?? 0) }
    }
}
