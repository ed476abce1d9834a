import Records
import Core
import Foundation
import Notebook

/// Runs the built `gradbook` binary (it sits beside the test bundle in the build products folder)
/// as a real process, with output captured in files so no pipe can fill up.
struct GradbookProcess {
    static var executable: String {
        let products = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        return products.appendingPathComponent("gradbook").path
    }

    let process = Process()
    let stdoutPath: String
    let stderrPath: String

    /// Starts `gradbook arguments...` in `folder` with `environment` added to this process's.
    init(_ arguments: [String], in folder: String, environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let tag = UUID().uuidString.prefix(8)
        stdoutPath = "\(folder)/.stdout-\(tag)"
        stderrPath = "\(folder)/.stderr-\(tag)"
        FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Waits for the end; returns the exit status (128 + n when killed by signal n). A process
    /// still running after `limit` seconds is killed, so a hang fails the test instead of the suite.
    func wait(limit: Double = 300) -> Int32 {
        var waited = 0.0
        while process.isRunning && waited < limit {
            usleep(50_000)
            waited += 0.05
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Runs to the end and returns (status, stderr).
    static func run(_ arguments: [String], in folder: String, environment: [String: String] = [:]) throws -> (status: Int32, stderr: String) {
        let running = try GradbookProcess(arguments, in: folder, environment: environment)
        let status = running.wait()
        return (status, running.stderr)
    }
}

/// A scratch folder with tiny notebooks (debug builds train ~300x slower than release).
struct Workspace {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "gradbook-cli-\(UUID().uuidString.prefix(12))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// Four quick `grid` variants plus a one-variant experiment `slow`, the cheapest of all, so with
    /// one worker it is scheduled last. Test hooks target it by experiment name.
    static let notebook = """
        title: Tiny runner sweep
        defaults:
          dataset: {name: moons, n: 80, validation: 0.25, seed: 0}
          model: {hidden: [8], activation: tanh}
          training: {optimizer: adam, learning_rate: 0.05, batch_size: 16, epochs: 4, seed: 1, save: none}
        cells:
          - markdown: |
              A sweep small enough for debug builds.
          - experiment:
              name: grid
              parameters:
                training.learning_rate: {values: [0.01, 0.1]}
                model.hidden: {values: [[8], [12]]}
          - experiment:
              name: slow
              model: {hidden: [2]}
              parameters:
                training.learning_rate: {values: [0.05]}
        """

    func write(_ text: String = Workspace.notebook, name: String = "tiny.yaml") throws -> String {
        let path = "\(folder)/\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func store(_ out: String, stem: String = "tiny") -> RunRecordStore {
        RunRecordStore(directory: "\(folder)/\(out)/\(stem)")
    }

    func records(_ out: String, stem: String = "tiny") throws -> [RunRecord] {
        try store(out, stem: stem).scan().records
    }

    func recordFiles(_ out: String, experiment: String, stem: String = "tiny") -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "\(folder)/\(out)/\(stem)/runs/\(experiment)")) ?? []
        return names.filter(RunRecordStore.isRecordFileName).sorted()
    }

    /// Polls until `condition` holds (or about a minute passes; the caller's expectations then fail).
    func waitUntil(_ condition: () -> Bool) {
        for _ in 0..<600 where !condition() { usleep(100_000) }
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    /// A value for `GRADBOOK_TEST_MARKER`, inherited by workers, to find a run's processes in /proc.
    var marker: String { "GRADBOOK_TEST_MARKER=\(URL(fileURLWithPath: folder).lastPathComponent)" }

    /// Processes (a gradbook parent or its workers) that carry this workspace's marker.
    func markedProcesses() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap(Int32.init).filter { pid in
            guard let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
            return environment.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == marker }
        }
    }

    /// The environment that tags processes with `marker`.
    var markerEnvironment: [String: String] {
        let parts = marker.split(separator: "=", maxSplits: 1).map(String.init)
        return [parts[0]: parts[1]]
    }
}

/// What must match between two runs of the same variant: the curves and the final metrics.
struct TrainedOutcome: Equatable {
    var status: RunStatus
    var epochs: [EpochRecord]
    var finalMetrics: [String: Double]

    init(_ record: RunRecord) {
        status = record.status
        epochs = record.epochs
        finalMetrics = record.finalMetrics
    }

    static func byVariant(_ records: [RunRecord]) -> [String: TrainedOutcome] {
        Dictionary(records.map { ("\($0.experiment)/\($0.variant)", TrainedOutcome($0)) }, uniquingKeysWith: { first, _ in first })
    }
}
