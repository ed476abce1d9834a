/// How the cores of a sweep's idle workers go to the runs still training: a sweep's last long
/// runs, a notebook with fewer runs than `--jobs`, and a hyperband pass whose one survivor trains
/// on alone would otherwise leave cores unused. A run's thread count is fixed when it starts
/// (matrix products split by output tiles, so the numbers are the same on any count).
public enum SpareCores {
    /// Threads for a run starting now, when `runsLeft` runs (this one, those in flight and those
    /// waiting) share `cores`; nil when each run gets one core or less. A run gets more than one
    /// only when every run left fits beside it with as many, and a sweep's queue only shrinks, so
    /// the runs in flight never hold more threads than `cores` together.
    public static func threads(cores: Int, runsLeft: Int) -> Int? {
        guard runsLeft > 0 else { return nil }
        let share = cores / runsLeft
        return share > 1 ? share : nil
    }

    /// Multiply-adds of a step's largest product below which lent threads are not used: each
    /// product is then too short for the handover between threads to pay (measured on W2, batch
    /// 128 at 784-512-512, against batch 16 at 64-256-256-256; see docs/benchmarks.md).
    public static let minimumProductMACs = 1 << 23

    /// Whether a run of `widths` (inputs, hidden layers, outputs) in batches of `batch` gains from
    /// lent threads: its largest product has at least `minimumProductMACs` multiply-adds.
    public static func pays(widths: [Int], batch: Int) -> Bool {
        let largest = zip(widths, widths.dropFirst()).map { $0 * $1 }.max() ?? 0
        return largest * batch >= minimumProductMACs
    }
}
