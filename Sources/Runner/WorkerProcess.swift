import Core
import Foundation
import Notebook
#if canImport(Glibc)
import Glibc
#endif

/// The parent's handle on one `gradbook worker` child: its pid, the pipes to it, and what it is
/// doing. Owned and driven by `SweepRunner` on its single thread.
final class WorkerProcess {
    let slot: Int
    let pid: pid_t
    private(set) var input: Int32
    private(set) var output: Int32
    private(set) var errors: Int32
    private var outputBuffer: [UInt8] = []
    /// The last bytes the worker wrote on standard error (for crash reports).
    private var errorTail: [UInt8] = []
    static let errorTailLimit = 4096

    /// The job being trained, when it started, and the epochs reported so far.
    var job: ScheduledRun?
    var jobStarted: ContinuousClock.Instant?
    var deadline: ContinuousClock.Instant?
    var epochs: [EpochRecord] = []
    var totalEpochs: Int?
    /// Training time of the job before this worker resumed it from a checkpoint.
    var priorSeconds = 0.0
    /// The job's weights could not be written (its record then is not saved either).
    var weightsWriteFailed = false

    var isBusy: Bool { job != nil }
    var outputOpen: Bool { output >= 0 }
    var errorsOpen: Bool { errors >= 0 }

    private init(slot: Int, pid: pid_t, input: Int32, output: Int32, errors: Int32) {
        self.slot = slot
        self.pid = pid
        self.input = input
        self.output = output
        self.errors = errors
    }

    /// Starts `executable worker` with pipes on its standard input, output and error.
    static func spawn(executable: String, slot: Int) throws -> WorkerProcess {
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        var errorsFromChild: [Int32] = [-1, -1]
        // Close-on-exec everywhere: a later worker must not inherit an earlier worker's pipe ends,
        // or end-of-file would never arrive when that worker dies.
        guard makePipe(&toChild), makePipe(&fromChild), makePipe(&errorsFromChild) else {
            let code = errno
            for fd in toChild + fromChild + errorsFromChild where fd >= 0 { close(fd) }
            throw RunnerError("cannot create pipes for a worker: \(String(cString: strerror(code)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, errorsFromChild[1], STDERR_FILENO)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The parent ignores SIGPIPE and traps SIGINT/SIGTERM/SIGUSR1; the child starts from defaults.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGUSR1] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let arguments = [executable, "worker"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var environment = ProcessInfo.processInfo.environment
        // A crash report should end with the runtime's message ("Fatal error: ..."), not with
        // the backtracer's register dump; users who want backtraces set SWIFT_BACKTRACE themselves.
        if environment["SWIFT_BACKTRACE"] == nil { environment["SWIFT_BACKTRACE"] = "enable=no" }
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, &argv, &envp)
        close(toChild[0])
        close(fromChild[1])
        close(errorsFromChild[1])
        guard status == 0 else {
            close(toChild[1])
            close(fromChild[0])
            close(errorsFromChild[0])
            throw RunnerError("cannot start worker '\(executable) worker': \(String(cString: strerror(status)))")
        }
        for fd in [fromChild[0], errorsFromChild[0]] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        return WorkerProcess(slot: slot, pid: pid, input: toChild[1], output: fromChild[0],
                             errors: errorsFromChild[0])
    }

    /// Sends one job line; false when the worker is gone (the caller treats that as a crash).
    func send(_ job: WorkerJob) -> Bool {
        guard input >= 0, let bytes = try? WorkerWire.encodeJob(job) else { return false }
        return DescriptorWrite.all(bytes, to: input) == nil
    }

    /// Reads what standard output holds; returns complete lines and whether it reached end-of-file.
    func readOutputLines() -> (lines: [[UInt8]], ended: Bool) {
        let ended = drain(&output, into: &outputBuffer, limit: nil)
        var lines: [[UInt8]] = []
        while let newline = outputBuffer.firstIndex(of: 0x0A) {
            lines.append(Array(outputBuffer[..<newline]))
            outputBuffer.removeSubrange(...newline)
        }
        return (lines, ended)
    }

    /// Reads what standard error holds, keeping only the tail.
    func readErrors() {
        _ = drain(&errors, into: &errorTail, limit: Self.errorTailLimit)
    }

    /// The last `count` non-empty lines of the worker's standard error.
    func errorLines(last count: Int) -> [String] {
        let text = String(decoding: errorTail, as: UTF8.self)
        let lines = text.split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        return Array(lines.suffix(count))
    }

    /// Closing standard input asks an idle worker to exit.
    func closeInput() {
        if input >= 0 { close(input) }
        input = -1
    }

    func kill(_ signal: Int32 = SIGKILL) {
        _ = Glibc.kill(pid, signal)
    }

    /// Waits for the process to end and describes how it ended; closes every pipe.
    func reap() -> WorkerExit {
        closeInput()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // The process is gone, so what is left in the pipes can be read to the end.
        if errors >= 0 {
            _ = fcntl(errors, F_SETFL, fcntl(errors, F_GETFL) & ~O_NONBLOCK)
            readErrors()
        }
        for fd in [output, errors] where fd >= 0 { close(fd) }
        output = -1
        errors = -1
        return WorkerExit(status: status)
    }

    /// Reads everything available from `fd` into `buffer`; closes it and returns true at end-of-file.
    private func drain(_ fd: inout Int32, into buffer: inout [UInt8], limit: Int?) -> Bool {
        guard fd >= 0 else { return true }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
                if let limit, buffer.count > limit { buffer.removeFirst(buffer.count - limit) }
                continue
            }
            if count == 0 {
                close(fd)
                fd = -1
                return true
            }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return false }
            close(fd)
            fd = -1
            return true
        }
    }
}

/// A pipe whose ends close on exec (the only thread that spawns is the one creating pipes).
func makePipe(_ ends: inout [Int32], flags: Int32 = 0) -> Bool {
    guard pipe(&ends) == 0 else { return false }
    for fd in ends {
        _ = fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC)
        if flags != 0 { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | flags) }
    }
    return true
}

/// How a worker process ended, from its wait status.
struct WorkerExit: CustomStringConvertible {
    let status: Int32

    var signal: Int32? { (status & 0x7f) != 0 && (status & 0x7f) != 0x7f ? status & 0x7f : nil }
    var exitCode: Int32? { signal == nil ? (status >> 8) & 0xff : nil }

    var description: String {
        if let signal {
            let name = Self.signalNames[signal] ?? "signal \(signal)"
            let hint = signal == SIGKILL ? ", possibly out of memory" : ""
            return "worker killed by \(name) (\(signal)\(hint))"
        }
        return "worker exited with status \(exitCode ?? -1)"
    }

    static let signalNames: [Int32: String] = [
        SIGABRT: "SIGABRT", SIGSEGV: "SIGSEGV", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGBUS: "SIGBUS",
        SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGTERM: "SIGTERM", SIGINT: "SIGINT", SIGHUP: "SIGHUP",
        SIGPIPE: "SIGPIPE", SIGXCPU: "SIGXCPU", SIGUSR1: "SIGUSR1", SIGUSR2: "SIGUSR2",
    ]
}

/// A problem of the runner itself (not of one run).
public struct RunnerError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
