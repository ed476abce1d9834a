import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The records earlier scans of one output folder decoded, so a later scan decodes only the files
/// that are new or changed: the live report re-renders a running sweep from its records, and
/// rereading every record each time made a render's cost grow with the runs done (at 100,000 runs,
/// most of each render). A file is taken as unchanged while its inode, size and modification time
/// are (records are written once, atomically, by rename: a rewritten record is a new inode).
/// Entries of files gone from the folder are dropped at each scan. Not shared between threads.
public final class RecordScanCache: @unchecked Sendable {
    struct Stamp: Equatable {
        var inode: UInt64
        var size: Int64
        var modified: Int64
        var modifiedNanoseconds: Int64

        init?(path: String) {
            var status = stat()
            guard stat(path, &status) == 0 else { return nil }
            inode = UInt64(status.st_ino)
            size = Int64(status.st_size)
            #if canImport(Darwin)
            modified = Int64(status.st_mtimespec.tv_sec)
            modifiedNanoseconds = Int64(status.st_mtimespec.tv_nsec)
            #else
            modified = Int64(status.st_mtim.tv_sec)
            modifiedNanoseconds = Int64(status.st_mtim.tv_nsec)
            #endif
        }
    }

    struct Entry {
        var stamp: Stamp
        var record: RunRecord
        /// Read without its configuration (a full reading serves a lighter one, not the reverse).
        var withoutConfig: Bool
    }

    private var entries: [String: Entry] = [:]

    public init() {}

    /// Records held (for tests and measurements).
    public var count: Int { entries.count }

    /// Forgets every reading (its owner renders no more: at 100,000 runs they are hundreds of MB).
    public func removeAll() { entries = [:] }

    /// The cached reading of `path` if the file is unchanged and the reading holds what is asked.
    /// A record that left the curve sample is held light from then on (the sample moves as a sweep
    /// grows; holding every record once sampled would hold several times the sample).
    func record(path: String, stamp: Stamp?, full: Bool, configurations: Bool) -> RunRecord? {
        guard let stamp, let entry = entries[path], entry.stamp == stamp else { return nil }
        if configurations && entry.withoutConfig { return nil }
        if full {
            guard entry.record.hasCurves else { return nil }
            return entry.record
        }
        guard entry.record.hasCurves else { return entry.record }
        let light = entry.record.light
        entries[path]?.record = light
        return light
    }

    func store(_ record: RunRecord, path: String, stamp: Stamp?, configurations: Bool) {
        guard let stamp else { return }
        entries[path] = Entry(stamp: stamp, record: record, withoutConfig: !configurations || record.config == .null)
    }

    /// Drops the entries of files a scan of `folder` no longer found.
    func keepOnly(_ paths: Set<String>, in folder: String) {
        let prefix = folder + "/"
        entries = entries.filter { !$0.key.hasPrefix(prefix) || paths.contains($0.key) }
    }
}
