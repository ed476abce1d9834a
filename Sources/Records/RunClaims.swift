import Core
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The claims of one output folder (`RunClaim`): take, refresh, release, and take over from an
/// owner that is gone. Every operation is a single create-if-absent, rename or unlink, so two
/// `gradbook run` processes (on one machine or on two machines sharing the folder) never both
/// believe they hold a run.
public struct RunClaims: Sendable {
    public let store: RunRecordStore
    /// This process's identity in its claims.
    public let token: String

    /// Our claim's JSON after its heartbeat (`,"host":...,"token":"..."}` and the newline): the
    /// same for every claim of this process, so a claim costs no JSONEncoder (it did ~30 µs each).
    private let identityJSON: [UInt8]
    /// `"token":"<token>"`: how `release` knows our own claim without decoding it.
    private let tokenJSON: [UInt8]

    public init(store: RunRecordStore, token: String = UUID().uuidString) {
        self.store = store
        self.token = token
        let whole = (try? Self.encodeWithJSONEncoder(.mine(token: token, now: 0))) ?? []
        let marker = Array(",\"host\":".utf8)
        // Sorted keys put the heartbeat first; a JSON string cannot hold the marker unescaped.
        identityJSON = Self.firstRange(of: marker, in: whole).map { Array(whole[$0.lowerBound...]) } ?? []
        tokenJSON = Array("\"token\":\"\(token)\"".utf8)
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
        let path = path(key)
        guard let bytes = FileBytes.read(path) else { return }
        let mine = Self.firstRange(of: tokenJSON, in: bytes) != nil
        if mine || current(key)?.token == token { unlink(path) }
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

    /// Our claim stamped `claim.heartbeat`: the bytes JSONEncoder writes, but for the heartbeat's
    /// digits (Swift's shortest round-trip spelling, which every JSON reader reads back exactly).
    func encode(_ claim: RunClaim) throws -> [UInt8] {
        guard claim.token == token, claim.heartbeat.isFinite, !identityJSON.isEmpty else {
            return try Self.encodeWithJSONEncoder(claim)
        }
        var bytes = Array("{\"heartbeat\":\(claim.heartbeat)".utf8)
        bytes.append(contentsOf: identityJSON)
        return bytes
    }

    static func encodeWithJSONEncoder(_ claim: RunClaim) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(claim)) + [0x0A]
    }

    static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return start..<(start + needle.count) }
        }
        return nil
    }
}
