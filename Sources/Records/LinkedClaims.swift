import Core
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A sweep's claims as hard links of one file per experiment folder (its *owner file*,
/// `.<token>.owner.tmp`, holding this process's `RunClaim`), instead of a new file per run.
///
/// Claiming a run is one `link(owner file, .<variant>.claim)`: the same atomic create-if-absent
/// as `RunClaims.claim` (which links a fresh temporary), and the claim path holds the same bytes
/// (a complete `RunClaim` naming this process, read by other processes and older releases alike),
/// so nothing changes for anyone who reads, refreshes, releases or takes over claims. What goes is
/// the new inode per run: creating and deleting a file for every tiny run made ext4 scan past its
/// recently deleted inodes on every later create (`recently_deleted`, ~7% of the parent's CPU in a
/// 2000-run sweep, perf on AMD EPYC Zen 1), and cost an open, write, close and unlink.
///
/// Freshness: a link made now carries the owner file's heartbeat, which is rewritten once it is
/// `maxAge` old (at most the heartbeat interval): a new claim looks no older than a claim the
/// heartbeat refreshed at its last beat, so it goes stale exactly as one would (owner dead, or no
/// heartbeat for the staleness limit). Owner files are removed when the sweep ends
/// (`removeOwnerFiles`); one left by a killed process is removed by the next sweep that finds it
/// stale (it is a dot `.tmp` file, which no loader reads).
public final class LinkedClaims {
    public let claims: RunClaims
    /// Seconds after which an owner file's heartbeat is renewed before it is linked again.
    public let maxAge: Double
    private let staleAfter: Double
    /// Owner file per experiment folder and the heartbeat it holds.
    private var owners: [String: (path: String, heartbeat: Double)] = [:]

    public init(claims: RunClaims, maxAge: Double, staleAfter: Double) {
        self.claims = claims
        self.maxAge = maxAge
        self.staleAfter = staleAfter
    }

    public static let ownerSuffix = ".owner.tmp"

    public func ownerPath(experiment: String) -> String {
        "\(claims.store.experimentDirectory(experiment))/.\(claims.token)\(Self.ownerSuffix)"
    }

    /// Takes the run if nobody holds it; false when someone does (as `RunClaims.claim`).
    public func claim(_ key: RunKey, now: Double = Date().timeIntervalSince1970) throws -> Bool {
        var owner = try ownerFile(for: key.experiment, now: now)
        let path = claims.path(key)
        for attempt in 0..<2 {
            if link(owner, path) == 0 { return true }
            let code = errno
            if code == EEXIST { return false }
            // The owner file gone (removed by hand, or by a stale-file sweep on a clock far off),
            // or at the file system's link limit: a fresh owner file, once.
            if attempt == 0 && (code == ENOENT || code == EMLINK) {
                owners[key.experiment] = nil
                owner = try ownerFile(for: key.experiment, now: now)
                continue
            }
            throw FileWriteError(path: path, operation: "create", code: code)
        }
        return false
    }

    /// Removes this sweep's owner files (its claims stay until each is released).
    public func removeOwnerFiles() {
        for owner in owners.values { unlink(owner.path) }
        owners = [:]
    }

    /// The owner file of `experiment`'s folder, rewritten when its heartbeat is `maxAge` old.
    private func ownerFile(for experiment: String, now: Double) throws -> String {
        if let owner = owners[experiment], now - owner.heartbeat < maxAge, now >= owner.heartbeat { return owner.path }
        if owners[experiment] == nil { removeStaleOwnerFiles(in: claims.store.experimentDirectory(experiment)) }
        let path = ownerPath(experiment: experiment)
        // Renamed into place: claims already linked keep their inode (and heartbeat) until refreshed.
        try AtomicFile.write(try claims.encode(.mine(token: claims.token, now: now)), to: path, durable: false)
        owners[experiment] = (path, now)
        return path
    }

    /// Owner files of processes that are gone (their claim is stale), left by a kill.
    private func removeStaleOwnerFiles(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(".") && name.hasSuffix(Self.ownerSuffix) {
            let path = "\(folder)/\(name)"
            guard let bytes = FileBytes.read(path),
                  let owner = try? JSONDecoder().decode(RunClaim.self, from: Data(bytes)),
                  owner.token != claims.token, owner.isStale(staleAfter: staleAfter) else { continue }
            unlink(path)
        }
    }
}
