import Core
import Foundation

/// The claims of one output folder (`RunClaim`): take, refresh, release, and take over from an
/// owner that is gone. Every operation is a single create-if-absent, rename or unlink, so two
/// `gradbook run` processes (on one machine or on two machines sharing the folder) never both
/// believe they hold a run.
public struct RunClaims: Sendable {
    public let store: RunRecordStore
    /// This process's identity in its claims.
    public let token: String

    public init(store: RunRecordStore, token: String = UUID().uuidString) {
        self.store = store
        self.token = token
    }

    public func path(_ key: RunKey) -> String {
        "\(store.experimentDirectory(key.experiment))/.\(key.variant).claim"
    }

    /// Takes the run if nobody holds it; false when someone does. Not fsynced (three fsyncs a run
    /// in a sweep of tiny runs): a claim only matters while its owner lives, and a power cut that
    /// could lose it ends the owner too; create-if-absent stays atomic without it.
    public func claim(_ key: RunKey) throws -> Bool {
        try AtomicFile.createExclusively(try encode(.mine(token: token)), at: path(key), durable: false)
    }

    /// The current claim, nil when there is none. A claim that cannot be decoded (written by a
    /// newer release, or damaged) comes back as a claim by nobody, stale after `staleAfter` of age.
    public func current(_ key: RunKey) -> RunClaim? {
        guard let data = FileManager.default.contents(atPath: path(key)) else { return nil }
        if let claim = try? JSONDecoder().decode(RunClaim.self, from: data) { return claim }
        let modified = (try? FileManager.default.attributesOfItem(atPath: path(key))[.modificationDate] as? Date) ?? Date()
        return RunClaim(host: "", pid: 0, token: "", heartbeat: modified.timeIntervalSince1970)
    }

    /// Rewrites our claim with a fresh heartbeat (atomically: readers see the old or the new one).
    /// A claim that is no longer ours (taken over while we looked stale) is left alone: false.
    public func refresh(_ key: RunKey) throws -> Bool {
        guard current(key)?.token == token else { return false }
        try AtomicFile.write(try encode(.mine(token: token)), to: path(key), durable: false)
        return true
    }

    /// Removes our claim (after the run's record is written); someone else's is left alone.
    public func release(_ key: RunKey) {
        // Our own claim's bytes name our token (`encode`): no decoding needed for the usual case.
        guard let data = FileManager.default.contents(atPath: path(key)) else { return }
        let mine = data.range(of: Data("\"token\":\"\(token)\"".utf8)) != nil
        if mine || current(key)?.token == token { unlink(path(key)) }
    }

    /// Takes over a claim judged stale, if it is still the one judged. A `.takeover` lock,
    /// itself created exclusively, makes "check it is unchanged, remove it, claim" one step among
    /// processes; a lock left by a taker that died is removed once it is `staleAfter` old.
    public func takeOver(_ key: RunKey, judged: RunClaim, staleAfter: Double) throws -> Bool {
        let lock = path(key) + ".takeover"
        guard try AtomicFile.createExclusively(try encode(.mine(token: token)), at: lock) else {
            if let modified = try? FileManager.default.attributesOfItem(atPath: lock)[.modificationDate] as? Date,
               Date().timeIntervalSince(modified) > staleAfter {
                unlink(lock)
            }
            return false
        }
        defer { unlink(lock) }
        let now = current(key)
        guard now == nil || now == judged else { return false }
        if now != nil { unlink(path(key)) }
        return try claim(key)
    }

    private func encode(_ claim: RunClaim) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(claim)) + [0x0A]
    }
}
