import Foundation

/// Runs commands for the Slurm integration test: the project's cluster script, the gradbook
/// executable built beside this test bundle, and Slurm's own clients.
struct SlurmHarness {
    /// Folder of the package (two levels above this file).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let clusterScript = "\(packageRoot)/.ci/slurm-cluster.sh"

    /// Slurm binaries are installed (PATH plus the sbin folders the daemons live in).
    static var slurmInstalled: Bool {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/sbin", "/sbin", "/usr/local/sbin"]
        return ["sbatch", "slurmctld", "slurmd", "munged"].allSatisfy { tool in
            folders.contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
        }
    }

    /// Skipped only on a developer machine without Slurm; under CI=true the test always runs.
    static var shouldRun: Bool {
        slurmInstalled || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    /// The `gradbook` executable of this build: beside the test bundle, or `GRADBOOK_EXECUTABLE`.
    static func gradbookExecutable() throws -> String {
        if let explicit = ProcessInfo.processInfo.environment["GRADBOOK_EXECUTABLE"] { return explicit }
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: me).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("gradbook").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder.deleteLastPathComponent()
        }
        throw SlurmHarnessError("no gradbook executable beside \(me); build it (swift build) or set GRADBOOK_EXECUTABLE")
    }

    struct Result {
        var status: Int32
        var output: String
        var errors: String
        var both: String { output + (errors.isEmpty ? "" : "\n[stderr]\n" + errors) }
    }

    /// Runs a command to completion (`timeout` bounds anything that waits on the cluster). Output
    /// goes to files, not pipes: a daemon started by the command may keep a pipe open forever.
    /// `extendPath` adds the sbin folders (where Slurm's daemons live) to PATH.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                    extendPath: Bool = true) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
        process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
        var inherited = ProcessInfo.processInfo.environment
        if extendPath { inherited["PATH"] = (inherited["PATH"] ?? "/usr/bin:/bin") + ":/usr/sbin:/sbin" }
        process.environment = inherited.merging(environment) { $1 }
        let base = NSTemporaryDirectory() + "gradbook-slurm-harness-\(UUID().uuidString)"
        let outputFile = base + ".out", errorsFile = base + ".err"
        for file in [outputFile, errorsFile] { _ = FileManager.default.createFile(atPath: file, contents: nil) }
        defer { for file in [outputFile, errorsFile] { try? FileManager.default.removeItem(atPath: file) } }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputFile))
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: errorsFile))
        defer { try? output.close(); try? errors.close() }
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        // A child inherits the spawning thread's signal mask, and test threads block SIGTERM:
        // unblocked, `timeout` and `scancel` can stop what the test starts.
        var unblocked = sigset_t()
        var previous = sigset_t()
        sigemptyset(&unblocked)
        pthread_sigmask(SIG_SETMASK, &unblocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try process.run()
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      output: (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? "",
                      errors: (try? String(contentsOfFile: errorsFile, encoding: .utf8)) ?? "")
    }
}

/// A private single-node cluster started by `.ci/slurm-cluster.sh`; `stop()` tears it down. Each
/// test run gets its own folder and ports, so runs of the suite that overlap (two engineers, or a
/// developer's cluster in the default folder) never cancel each other's jobs.
struct SlurmTestCluster {
    /// The environment that points the script and Slurm's clients at this cluster.
    let environment: [String: String]
    let folder: String

    /// Every cluster of one test process listens on the same port (derived from the pid), so
    /// suites that run in parallel (the integration and the requeue tests) take turns.
    private static let oneAtATime = DispatchSemaphore(value: 1)

    static func start() throws -> SlurmTestCluster {
        oneAtATime.wait()
        do {
            return try startAlone()
        } catch {
            oneAtATime.signal()
            throw error
        }
    }

    private static func startAlone() throws -> SlurmTestCluster {
        let folder = "/tmp/gradbook-slurm-test-\(UUID().uuidString.prefix(8).lowercased())"
        let port = 20000 + Int(getpid() % 10000) * 2
        let scriptEnvironment = ["GRADBOOK_SLURM_DIR": folder, "GRADBOOK_SLURM_PORT": "\(port)"]
        let result = try SlurmHarness.run("/bin/bash", [SlurmHarness.clusterScript, "start"], environment: scriptEnvironment)
        guard result.status == 0,
              let line = result.output.split(separator: "\n").first(where: { $0.hasPrefix("export SLURM_CONF=") }) else {
            _ = try? SlurmHarness.run("/bin/bash", [SlurmHarness.clusterScript, "stop"], environment: scriptEnvironment)
            throw SlurmHarnessError("slurm-cluster.sh start failed (status \(result.status)):\n\(result.both)")
        }
        var environment = scriptEnvironment
        environment["SLURM_CONF"] = String(line.dropFirst("export SLURM_CONF=".count))
        return SlurmTestCluster(environment: environment, folder: folder)
    }

    func stop() {
        _ = try? SlurmHarness.run("/bin/bash", [SlurmHarness.clusterScript, "stop"], environment: environment)
        try? FileManager.default.removeItem(atPath: folder)
        Self.oneAtATime.signal()
    }

    func run(_ tool: String, _ arguments: [String]) throws -> SlurmHarness.Result {
        try SlurmHarness.run(tool, arguments, environment: environment)
    }

    /// Polls `squeue` until no job in `jobs` is queued or running, or `seconds` pass.
    func waitUntilGone(_ jobs: [String], seconds: Double) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            // Once a job is purged, squeue rejects its id ("Invalid job id"): that is gone, too.
            let queued = try run("squeue", ["-h", "-j", jobs.joined(separator: ","), "-o", "%i"])
            if queued.status != 0 || queued.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return true }
            Thread.sleep(forTimeInterval: 0.5)
        }
        return false
    }

    /// The state of one array task (`RUNNING`, `PENDING`, ...), or nil when it is no longer queued.
    func state(of task: String) throws -> String? {
        let result = try run("squeue", ["-h", "-j", task, "-o", "%T"])
        let state = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return state.isEmpty ? nil : state
    }
}

struct SlurmHarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
