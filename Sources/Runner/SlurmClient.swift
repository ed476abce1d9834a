import Core
import Foundation

/// Talks to a Slurm cluster through its ordinary clients (`sbatch`, `squeue`), as a user would.
public struct SlurmClient: Sendable {
    /// The environment the clients run with (`PATH` to find them, `SLURM_CONF` to find the cluster).
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The absolute path of `tool` on PATH.
    public func locate(_ tool: String) throws -> String {
        let folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        for folder in folders {
            let candidate = "\(folder)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw SlurmError.toolMissing(tool: tool, searched: folders)
    }

    /// `sbatch --parsable [--dependency=afterany:<id>] <script>`: the new job's id.
    public func submit(script: String, afterAny dependency: String? = nil) throws -> String {
        var arguments = ["--parsable"]
        if let dependency { arguments.append("--dependency=afterany:\(dependency)") }
        arguments.append(script)
        let result = try run(try locate("sbatch"), arguments)
        let command = ShellQuoting.command(["sbatch"] + arguments)
        guard result.status == 0 else {
            throw SlurmError.commandFailed(command: command, status: result.status, output: result.errors + result.output)
        }
        return try Self.jobID(fromParsable: result.output, command: command)
    }

    /// `sbatch --parsable --wait ...`: submits, hands the job id to `submitted` as soon as sbatch
    /// prints it, then blocks until the job ends. Returns the job's exit status as sbatch reports it
    /// (the highest exit code of its tasks; non-zero when it was cancelled or failed).
    public func submitAndWait(script: String, afterAny dependency: String? = nil,
                              submitted: (String) -> Void) throws -> (jobID: String, status: Int32) {
        var arguments = ["--parsable", "--wait"]
        if let dependency { arguments.append("--dependency=afterany:\(dependency)") }
        arguments.append(script)
        let command = ShellQuoting.command(["sbatch"] + arguments)
        let (process, output, errorText) = try launch(try locate("sbatch"), arguments)
        var printed = Data()
        var announced: String?
        while true {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed.append(chunk)
            if announced == nil, let text = String(data: printed, encoding: .utf8), text.contains("\n"),
               let id = try? Self.jobID(fromParsable: text, command: command) {
                announced = id
                submitted(id)
            }
        }
        process.waitUntilExit()
        let stderrText = errorText.finish()
        if let announced { return (announced, process.terminationStatus) }
        guard process.terminationStatus == 0 else {
            throw SlurmError.commandFailed(command: command, status: process.terminationStatus, output: stderrText)
        }
        let jobID = try Self.jobID(fromParsable: String(decoding: printed, as: UTF8.self), command: command)
        submitted(jobID)
        return (jobID, process.terminationStatus)
    }

    /// Ids of this user's queued or running jobs with the given name (best effort: empty when
    /// squeue is missing or fails), so a resubmission can warn about a sweep still in flight.
    public func queuedJobs(named name: String) -> [String] {
        guard let squeue = try? locate("squeue"),
              let result = try? run(squeue, ["-h", "-u", NSUserName(), "-n", name, "-o", "%A"]), result.status == 0 else { return [] }
        return Array(Set(result.output.split(whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty })).sorted()
    }

    /// The job id in `sbatch --parsable` output: `<id>` or `<id>;<cluster>`.
    public static func jobID(fromParsable output: String, command: String) throws -> String {
        let line = output.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let id = line.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw SlurmError.unparsableJobID(command: command, output: output)
        }
        return id
    }

    /// Runs a client to completion and collects what it printed.
    func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let (process, output, errorText) = try launch(executable, arguments)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), errorText.finish())
    }

    /// Starts a client with no standard input; its errors are drained on another thread so a
    /// chatty client never blocks on a full pipe.
    private func launch(_ executable: String, _ arguments: [String]) throws -> (Process, Pipe, PipeDrain) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, output, PipeDrain(errors.fileHandleForReading))
    }
}

/// Reads a pipe to its end on a background thread; `finish()` returns the text.
final class PipeDrain: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func finish() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
