import Core
import Foundation
import Records
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Claims made as links of one owner file: the same claims to everyone who reads them, one inode.
struct LinkedClaimsTests {
    static func folder() throws -> (String, RunRecordStore) {
        let folder = NSTemporaryDirectory() + "gradbook-linked-\(UUID().uuidString.prefix(8))"
        let store = RunRecordStore(directory: folder)
        try AtomicFile.createFolder(store.experimentDirectory("grid"))
        return (folder, store)
    }

    static func inode(_ path: String) -> (ino: UInt64, links: Int)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_ino), Int(info.st_nlink))
    }

    @Test func linkedClaimsAreOrdinaryExclusiveClaimsSharingOneInode() throws {
        let (folder, store) = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let mine = LinkedClaims(claims: RunClaims(store: store), maxAge: 300, staleAfter: 300)
        let theirs = RunClaims(store: store), theirsLinked = LinkedClaims(claims: RunClaims(store: store), maxAge: 300, staleAfter: 300)
        let keys = (0..<5).map { RunKey(experiment: "grid", variant: "v\($0)") }
        for key in keys { #expect(try mine.claim(key)) }
        for key in keys {
            #expect(try !theirs.claim(key), "held: an ordinary claim fails")
            #expect(try !theirsLinked.claim(key), "held: a linked claim fails")
            let claim = try #require(theirs.current(key), "readable as an ordinary claim")
            #expect(claim.token == mine.claims.token && claim.pid == getpid() && claim.host == RunClaim.thisHost)
            #expect(!claim.isStale(staleAfter: 300))
        }
        // One inode: the owner file and five claims.
        let owner = try #require(Self.inode(mine.ownerPath(experiment: "grid")))
        #expect(owner.links == 6)
        #expect(keys.allSatisfy { Self.inode(mine.claims.path($0))?.ino == owner.ino })
        // Someone else's release leaves ours alone; ours removes only that claim.
        theirs.release(keys[0])
        #expect(FileManager.default.fileExists(atPath: mine.claims.path(keys[0])))
        mine.claims.release(keys[0])
        #expect(!FileManager.default.fileExists(atPath: mine.claims.path(keys[0])))
        #expect(Self.inode(mine.ownerPath(experiment: "grid"))?.links == 5)
        // A refresh replaces that claim only (the heartbeat moves, the token stays).
        #expect(try mine.claims.refresh(keys[1]))
        #expect(Self.inode(mine.claims.path(keys[1]))?.ino != owner.ino)
        #expect(mine.claims.current(keys[1])?.token == mine.claims.token)
        // The sweep's end removes the owner file; held claims stay until released.
        mine.removeOwnerFiles()
        theirsLinked.removeOwnerFiles()
        #expect(!FileManager.default.fileExists(atPath: mine.ownerPath(experiment: "grid")))
        #expect(keys.dropFirst().allSatisfy { FileManager.default.fileExists(atPath: mine.claims.path($0)) })
        for key in keys { mine.claims.release(key) }
        let left = try FileManager.default.contentsOfDirectory(atPath: store.experimentDirectory("grid"))
        #expect(left.isEmpty, "\(left)")
    }

    /// A new claim is never older than `maxAge`: the owner file is rewritten once it is.
    @Test func newClaimsCarryAFreshHeartbeat() throws {
        let (folder, store) = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let linked = LinkedClaims(claims: RunClaims(store: store), maxAge: 5, staleAfter: 300)
        let first = RunKey(experiment: "grid", variant: "a"), second = RunKey(experiment: "grid", variant: "b")
        let third = RunKey(experiment: "grid", variant: "c")
        #expect(try linked.claim(first, now: 1000))
        #expect(try linked.claim(second, now: 1004))
        #expect(try linked.claim(third, now: 1006))
        #expect(linked.claims.current(first)?.heartbeat == 1000)
        #expect(linked.claims.current(second)?.heartbeat == 1000, "within maxAge: the same owner file")
        #expect(linked.claims.current(third)?.heartbeat == 1006, "past maxAge: a rewritten owner file")
        #expect(linked.claims.current(first)?.heartbeat == 1000, "claims made before keep theirs")
        // The owner file removed from under the sweep: the next claim makes a new one.
        unlink(linked.ownerPath(experiment: "grid"))
        #expect(try linked.claim(RunKey(experiment: "grid", variant: "d"), now: 1007))
        linked.removeOwnerFiles()
    }

    /// An owner file left by a killed process is removed by the next sweep in that folder; a live
    /// one is not.
    @Test func ownerFilesOfDeadProcessesAreRemoved() throws {
        let (folder, store) = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let directory = store.experimentDirectory("grid")
        let dead = "\(directory)/.dead\(LinkedClaims.ownerSuffix)", live = "\(directory)/.live\(LinkedClaims.ownerSuffix)"
        let now = Date().timeIntervalSince1970
        try JSONEncoder().encode(RunClaim(host: "elsewhere", pid: 1, token: "dead", heartbeat: now - 1000)).write(to: URL(fileURLWithPath: dead))
        try JSONEncoder().encode(RunClaim(host: "elsewhere", pid: 1, token: "live", heartbeat: now)).write(to: URL(fileURLWithPath: live))
        let linked = LinkedClaims(claims: RunClaims(store: store), maxAge: 1, staleAfter: 300)
        #expect(try linked.claim(RunKey(experiment: "grid", variant: "a")))
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: live))
        linked.removeOwnerFiles()
    }
}
