import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AtomicFile {
    /// One file of a group commit: its bytes and where they go.
    public struct GroupEntry: Sendable {
        public var bytes: [UInt8]
        public var path: String

        public init(bytes: [UInt8], path: String) {
            self.bytes = bytes
            self.path = path
        }
    }

    /// Writes several files atomically and durably as one group commit: every file's bytes go to
    /// its temporary and are flushed (fdatasync), then each is renamed over its target, then each
    /// folder is fsynced once for the whole group. The guarantees of `write` hold for every file
    /// (a reader sees the old or the complete new content; once this returns, the new content
    /// survives a power cut), at one folder fsync per group instead of one per file, and the
    /// data flushes of the group reach the disk's journal together.
    ///
    /// Returns one entry per input: nil when that file is written and durable, else why not
    /// (the other files of the group are not affected; a failed file's temporary is removed).
    /// Two entries must not name the same path (they would share a temporary).
    public static func writeGroup(_ entries: [GroupEntry]) -> [FileWriteError?] {
        var failures = [FileWriteError?](repeating: nil, count: entries.count)
        var staged: [(index: Int, descriptor: Int32, temporary: String)] = []
        // Every temporary first: the flushes that follow then find all the group's data dirty at once.
        for (index, entry) in entries.enumerated() {
            do {
                let temporary = temporaryPath(for: entry.path)
                let descriptor = try createTemporary(temporary, folder: Self.folder(of: entry.path))
                if let failure = writeAll(entry.bytes, to: descriptor, path: temporary) {
                    close(descriptor)
                    unlink(temporary)
                    throw failure
                }
                staged.append((index, descriptor, temporary))
            } catch {
                failures[index] = error as? FileWriteError ?? FileWriteError(path: entry.path, operation: "write", code: EIO)
            }
        }
        var folders: [String] = []
        for (index, descriptor, temporary) in staged {
            let path = entries[index].path
            let flushed = fdatasync(descriptor) == 0
            let code = errno
            close(descriptor)
            guard flushed else {
                unlink(temporary)
                failures[index] = FileWriteError(path: temporary, operation: "fsync", code: code)
                continue
            }
            if let failure = putInPlace(temporary, at: path) {
                failures[index] = failure
                continue
            }
            let folder = Self.folder(of: path)
            if !folders.contains(folder) { folders.append(folder) }
        }
        for folder in folders { syncFolder(folder) }
        return failures
    }
}
