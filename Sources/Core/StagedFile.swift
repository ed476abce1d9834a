import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written piece by piece into a temporary beside its target and put in place atomically
/// (`AtomicFile`'s rules: fsync, rename, fsync of the folder) only if its bytes differ from the
/// target's. For files too big to hold whole: results.json of a 100,000-run sweep is ~160 MB,
/// and holding it in memory beside the records it summarises made the report's peak.
/// One owner at a time; it may move between threads. Dropped before `commitIfChanged`, the
/// temporary is removed.
public final class StagedFile: @unchecked Sendable {
    public let path: String
    private let temporary: String
    private var descriptor: Int32
    private(set) public var size = 0

    public init(_ path: String) throws {
        self.path = path
        // `.staged` keeps the name apart from AtomicFile's temporaries of the same target.
        temporary = AtomicFile.temporaryPath(for: path) + ".staged"
        // Readable: `commitIfChanged` compares it with the target before putting it in place.
        descriptor = try AtomicFile.createTemporary(temporary, folder: AtomicFile.folder(of: path), readable: true)
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(temporary)
        }
    }

    public func append(_ bytes: [UInt8]) throws {
        if let failure = AtomicFile.writeAll(bytes, to: descriptor, path: temporary) { throw failure }
        size += bytes.count
    }

    /// Empties the file, to write it again from its start.
    public func restart() throws {
        guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw FileWriteError(path: temporary, operation: "truncate", code: errno)
        }
        size = 0
    }

    /// Puts the bytes in place, unless the target already holds exactly them (each write of a
    /// report file costs an fsync; an unchanged re-render writes nothing). Once only.
    public func commitIfChanged() throws {
        precondition(descriptor >= 0, "StagedFile committed twice")
        let staged = descriptor
        descriptor = -1
        defer { close(staged) }
        if FileComparison.sameBytes(staged, size: size, path: path) {
            unlink(temporary)
            return
        }
        guard fsync(staged) == 0 else {
            let code = errno
            unlink(temporary)
            throw FileWriteError(path: temporary, operation: "fsync", code: code)
        }
        if let failure = AtomicFile.putInPlace(temporary, at: path) { throw failure }
        AtomicFile.syncFolder(AtomicFile.folder(of: path))
    }
}
