import Foundation
import Runner
#if canImport(Glibc)
import Glibc
#endif

/// `gradbook bench --workload sweep`: a random sweep of `variants` tiny networks (moons, 10
/// epochs) end to end through `gradbook run` in a child process, then `gradbook report` on its
/// records. From the child's resource usage (its workers included): CPU-seconds, wall, peak RSS
/// (the parent's: the workers stay small), and the overhead per run, which is the sweep's
/// CPU-seconds minus the final report's and minus the runs' own training CPU-seconds (each
/// worker logs its training thread's CPU time, `TrainingCPULog`), per run.
struct SweepBenchResult: Encodable {
    let workload = "sweep"
    let variants: Int
    let jobs: Int
    let runCPUSeconds: Double
    let runWallSeconds: Double
    let runPeakRSSMegabytes: Double
    let reportCPUSeconds: Double
    let reportWallSeconds: Double
    let reportPeakRSSMegabytes: Double
    /// Sum of the records' training seconds (wall-clock in each worker).
    let trainingSeconds: Double
    /// Sum of the workers' training CPU-seconds (inside `Trainer.train`, epoch messages excluded).
    let trainingCPUSeconds: Double
    let overheadMillisecondsPerRun: Double

    enum CodingKeys: String, CodingKey {
        case workload, variants, jobs, trainingSeconds = "training_seconds", trainingCPUSeconds = "training_cpu_seconds"
        case runCPUSeconds = "run_cpu_seconds", runWallSeconds = "run_wall_seconds", runPeakRSSMegabytes = "run_peak_rss_mb"
        case reportCPUSeconds = "report_cpu_seconds", reportWallSeconds = "report_wall_seconds"
        case reportPeakRSSMegabytes = "report_peak_rss_mb", overheadMillisecondsPerRun = "overhead_ms_per_run"
    }

    /// The benchmark notebook: every variant distinct (a continuous learning rate), each one tiny.
    static func notebook(variants: Int) -> String {
        """
        title: Sweep scale - \(variants) tiny networks on moons
        defaults:
          dataset: {name: moons, n: 600, noise: 0.25, validation: 0.25, seed: 0}
          model: {hidden: [8], activation: relu}
          training: {optimizer: adam, learning_rate: 0.01, batch_size: 32, epochs: 10, save: none}
          metric: {name: val_accuracy, goal: maximize}
        cells:
          - experiment:
              name: tiny
              method: random
              count: \(variants)
              sweep_seed: 1
              parameters:
                training.learning_rate: {distribution: log_uniform_values, min: 1.0e-4, max: 1.0}
                model.hidden: {values: [[4], [8], [16], [8, 8]]}
                model.activation: {values: [relu, tanh]}

        """
    }

    static func measure(variants: Int, jobs: Int, keep: String?) throws -> SweepBenchResult {
        let folder = keep ?? NSTemporaryDirectory() + "gradbook-bench-sweep-\(getpid())"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let notebook = "\(folder)/sweep.yaml"
        try Self.notebook(variants: variants).write(toFile: notebook, atomically: true, encoding: .utf8)
        let executable = CommandLine.arguments[0].hasPrefix("/") ? CommandLine.arguments[0]
            : FileManager.default.currentDirectoryPath + "/" + CommandLine.arguments[0]
        let out = "\(folder)/out"
        let cpuLog = "\(folder)/training-cpu.log"
        let run = try ChildUsage.run([executable, "run", notebook, "--out", out, "--jobs", "\(jobs)", "--quiet"],
                                     environment: [TrainingCPULog.variable: cpuLog])
        guard run.status == 0 else { throw BenchError("the sweep's gradbook run exited with status \(run.status)") }
        let report = try ChildUsage.run([executable, "report", notebook, "--out", out])
        guard report.status == 0 else { throw BenchError("gradbook report exited with status \(report.status)") }
        let training = try trainingSeconds(csv: "\(out)/sweep/results.csv")
        guard let trainingCPU = TrainingCPULog.total(of: cpuLog) else { throw BenchError("the workers wrote no \(cpuLog)") }
        let overhead = (run.cpuSeconds - report.cpuSeconds - trainingCPU) / Double(variants) * 1000
        return SweepBenchResult(variants: variants, jobs: jobs, runCPUSeconds: run.cpuSeconds, runWallSeconds: run.wallSeconds,
                                runPeakRSSMegabytes: run.peakRSSMegabytes, reportCPUSeconds: report.cpuSeconds,
                                reportWallSeconds: report.wallSeconds, reportPeakRSSMegabytes: report.peakRSSMegabytes,
                                trainingSeconds: training, trainingCPUSeconds: trainingCPU, overheadMillisecondsPerRun: overhead)
    }

    /// The `seconds` column of results.csv, summed.
    static func trainingSeconds(csv path: String) throws -> Double {
        // results.csv ends its lines in CRLF, one Character to Swift: split on any line break.
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false),
              let column = header.firstIndex(of: "seconds") else { throw BenchError("\(path) has no seconds column") }
        return lines.dropFirst().reduce(0) { sum, line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return sum + (column < fields.count ? Double(fields[column]) ?? 0 : 0)
        }
    }

    func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    var tableRow: String {
        String(format: "sweep         %d variants, --jobs %d: run %.2f CPU-s (%.2f s wall, peak RSS %.0f MB), report %.2f CPU-s (%.2f s wall, %.0f MB), training %.2f CPU-s (%.2f s wall), overhead %.2f ms/run",
               variants, jobs, runCPUSeconds, runWallSeconds, runPeakRSSMegabytes, reportCPUSeconds, reportWallSeconds,
               reportPeakRSSMegabytes, trainingCPUSeconds, trainingSeconds, overheadMillisecondsPerRun)
    }
}

/// One child process run to its end, with what wait4 says it (and the children it reaped) used.
struct ChildUsage {
    var status: Int32
    var cpuSeconds: Double
    var wallSeconds: Double
    var peakRSSMegabytes: Double

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> ChildUsage {
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        var envp: [UnsafeMutablePointer<CChar>?] = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var pid: pid_t = 0
        let clock = ContinuousClock()
        let start = clock.now
        // The child's standard output (its summary lines) would interleave with the table.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, &argv, &envp)
        guard spawned == 0 else { throw BenchError("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let elapsed = clock.now - start
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) * 1e-6 }
        return ChildUsage(status: (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f),
                          cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
                          wallSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
                          peakRSSMegabytes: Double(usage.ru_maxrss) / 1024)
    }
}
