import Foundation
#if canImport(Glibc)
import Glibc
#endif

// State the signal handler touches: only a file descriptor and a counter, set up before the
// handler is installed. The handler itself does nothing but async-signal-safe calls.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1
nonisolated(unsafe) private var signalsReceived: sig_atomic_t = 0

private func handleStopSignal(_ signal: Int32) {
    signalsReceived += 1
    if signalsReceived >= 2 {
        // A second Ctrl-C ends at once; workers notice their parent is gone and exit too.
        _exit(130)
    }
    var byte = UInt8(truncatingIfNeeded: signal)
    _ = write(signalPipeWriteEnd, &byte, 1)
}

/// Turns SIGINT, SIGTERM and SIGUSR1 into a readable file descriptor (the self-pipe trick), so the
/// runner's poll loop stops scheduling on the first signal. The second signal exits with 130.
public final class SignalTrap: @unchecked Sendable {
    public static let shared = SignalTrap()

    /// Poll this descriptor: it becomes readable when a stop signal arrived.
    public let readEnd: Int32

    private init() {
        var ends: [Int32] = [-1, -1]
        if !makePipe(&ends, flags: O_NONBLOCK) { ends = [-1, -1] }
        readEnd = ends[0]
        signalPipeWriteEnd = ends[1]
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handleStopSignal
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
        // Slurm's warning before a time limit (`--signal=B:USR1@...`, forwarded by the batch script).
        sigaction(SIGUSR1, &action, nil)
        signal(SIGPIPE, SIG_IGN)
        // A parent may start us with signals blocked (Foundation's Process does): unblock ours.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGINT)
        sigaddset(&stopSignals, SIGTERM)
        sigaddset(&stopSignals, SIGUSR1)
        pthread_sigmask(SIG_UNBLOCK, &stopSignals, nil)
    }

    /// Installs the handlers (idempotent).
    public static func install() { _ = shared }

    /// True once a stop signal arrived.
    public var stopRequested: Bool {
        drain()
        return signalsReceived > 0
    }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while buffer.withUnsafeMutableBytes({ read(readEnd, $0.baseAddress, $0.count) }) > 0 {}
    }
}
