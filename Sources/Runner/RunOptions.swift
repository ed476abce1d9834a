import Foundation
import Notebook

/// One shard of a plan: `index` in 1...count (as `--shard I/N` and Slurm array task ids write it).
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    public var index: Int
    public var count: Int
    public init(index: Int, count: Int) {
        precondition(count >= 1 && index >= 1 && index <= count, "shard \(index)/\(count) out of range")
        self.index = index
        self.count = count
    }
    public var description: String { "\(index)/\(count)" }

    /// Parses `I/N` (1 <= I <= N); nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let index = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let count = Int(parts[1].trimmingCharacters(in: .whitespaces)),
              count >= 1, index >= 1, index <= count else { return nil }
        self.init(index: index, count: count)
    }
}

/// How a sweep runs: the knobs of `gradbook run`.
public struct RunOptions: Sendable {
    /// Worker processes (each trains one variant at a time on one thread).
    public var jobs: Int
    /// Per-run wall-clock limit in seconds; overrides `training.timeout` when set.
    public var timeoutSeconds: Double?
    /// Rerun variants that already have a finished record.
    public var force: Bool
    public var shard: Shard?
    public var progress: ProgressMode
    /// The `gradbook` executable that `gradbook worker` is started from.
    public var workerExecutable: String
    /// Re-render the report while the sweep runs, at most once per this many seconds
    /// (`--report-every`); 0 turns it off, and it is always off under `--shard`.
    public var reportEverySeconds: Double = RunOptions.defaultReportEvery
    public static let defaultReportEvery = 30.0
    /// `--budget` / `--until`: wall seconds this invocation may spend (over the notebook's own
    /// time budget); see `BudgetGate`.
    public var budgetSeconds: Double?

    public init(jobs: Int = RunOptions.defaultJobs, timeoutSeconds: Double? = nil, force: Bool = false,
                shard: Shard? = nil, progress: ProgressMode = .automatic,
                workerExecutable: String = RunOptions.currentExecutable) {
        self.jobs = max(1, jobs)
        self.timeoutSeconds = timeoutSeconds
        self.force = force
        self.shard = shard
        self.progress = progress
        self.workerExecutable = workerExecutable
    }

    /// Cores this process may use.
    public static var defaultJobs: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// The running executable (`/proc/self/exe` resolved), so workers are the same build.
    public static var currentExecutable: String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        return CommandLine.arguments.first ?? "gradbook"
    }
}

/// How progress is shown on standard error.
public enum ProgressMode: Sendable, Equatable {
    /// A live display on a terminal, plain lines otherwise.
    case automatic
    /// One plain line per finished run.
    case plain
    /// Nothing but errors.
    case quiet
}

