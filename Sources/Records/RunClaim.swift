import Foundation

/// Who is training a run right now: `runs/<experiment>/.<variant>.claim`, created exclusively
/// (link(2), which is atomic on local file systems and on NFS, unlike O_EXCL on old NFS clients)
/// by the `gradbook run` that trains it, refreshed with a heartbeat, removed once its record is
/// written. The dot keeps it out of every loader's sight.
public struct RunClaim: Codable, Sendable, Equatable {
    public var host: String
    public var pid: Int32
    /// Unique per claiming process: a restarted process with a reused pid is still someone else.
    public var token: String
    /// Seconds since 1970 (wall clock: claims are compared across hosts) of the last refresh.
    public var heartbeat: Double

    public init(host: String, pid: Int32, token: String, heartbeat: Double) {
        self.host = host
        self.pid = pid
        self.token = token
        self.heartbeat = heartbeat
    }

    /// This process's claim, stamped now.
    public static func mine(token: String, now: Double = Date().timeIntervalSince1970) -> RunClaim {
        RunClaim(host: thisHost, pid: getpid(), token: token, heartbeat: now)
    }

    /// This machine's name, asked once: Foundation's `hostName` is a system call and a string
    /// conversion, paid for every claim of a sweep otherwise.
    public static let thisHost = ProcessInfo.processInfo.hostName

    /// A claim whose owner is gone: a pid that no longer exists on this host, or (any host) no
    /// heartbeat for `staleAfter` seconds.
    public func isStale(staleAfter: Double, now: Double = Date().timeIntervalSince1970) -> Bool {
        if now - heartbeat > staleAfter { return true }
        return host == Self.thisHost && kill(pid, 0) != 0 && errno == ESRCH
    }
}
