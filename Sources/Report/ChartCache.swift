import Core
import Foundation

/// Charts drawn by an earlier report of the same folder, kept when nothing they show has changed.
/// Drawing and PNG encoding are most of a report's time, and a re-render after editing one cell
/// changes one chart: `charts/.digests.json` records, per chart file, the SHA-256 of the chart's
/// full input (its data, the chart kind and `ChartStyle.identity`: the drawing code, fonts and
/// libpng) and of the PNG written for it. A chart is kept only when its input digest is unchanged
/// and the file on disk still has the recorded bytes; a missing, edited or corrupt PNG is redrawn.
/// So a kept chart is byte for byte what drawing it again would produce.
///
/// Hashing every kept PNG again was a good part of a re-render, so an entry also records the
/// file's stamp (device, inode, size, modification and status-change times, see `FileStamp`) once
/// its bytes were verified; a later report trusts a file whose stamp is unchanged and hashes any
/// other. Every write of the file (ours are renames, so a new inode) changes the stamp.
final class ChartCache: @unchecked Sendable {
    static let fileName = "charts/.digests.json"

    struct Entry: Codable, Equatable {
        /// SHA-256 of the style identity, the chart kind and the chart's data.
        var input: String
        /// SHA-256 of the PNG file written for that input.
        var png: String
        /// The file's stamp when its bytes were last verified to be `png` (nil: verify them).
        var file: String? = nil
    }

    private let file: ReportCacheFile<Entry>
    private let directory: String
    private let identity: String
    private let previous: [String: Entry]
    private let lock = NSLock()
    private var current: [String: Entry] = [:]
    private var keptPaths: Set<String> = []

    /// Reads the digests of `directory`'s last report; an unreadable or foreign file counts as none.
    init(directory: String, identity: String) {
        self.directory = directory
        self.identity = identity
        // Format 2: entries under `entries` (format 1 named them `charts`).
        file = ReportCacheFile(directory: directory, name: Self.fileName, format: 2)
        previous = file.load()
    }

    /// The job drawing through the cache: on its own thread it digests the chart's input and either
    /// returns the stored PNG (the job is then `kept`) or draws and remembers the new digests.
    func wrapping(_ job: ChartJob) -> ChartJob {
        guard let input = job.input else { return job }
        var wrapped = job
        let draw = job.render
        let path = job.path
        wrapped.render = { [self] in
            let digest = SHA256.hexDigest(parts: [Array((identity + "\n").utf8)] + input())
            if let bytes = storedPNG(path, input: digest) { return bytes }
            let bytes = try draw()
            lock.withLock { current[path] = Entry(input: digest, png: SHA256.hexDigest(bytes)) }
            return bytes
        }
        return wrapped
    }

    /// True when `path` was taken from disk unchanged (there is nothing to write).
    func kept(_ path: String) -> Bool { lock.withLock { keptPaths.contains(path) } }

    /// Writes the digests of this render's charts (atomically, and only when they changed). Called
    /// after the charts are written, so a digest never names a PNG that is not on disk yet.
    func save() throws {
        try file.save(lock.withLock { current }, previous: previous)
    }

    private func storedPNG(_ path: String, input digest: String) -> [UInt8]? {
        let file = "\(directory)/\(path)"
        guard let entry = previous[path], entry.input == digest else { return nil }
        // Stamped before and after the read: a file replaced meanwhile is neither trusted nor stamped.
        let before = FileStamp.of(file)
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        let stamp = FileStamp.of(file)?.text == before?.text ? before : nil
        let bytes = [UInt8](data)
        let unchanged = entry.file != nil && entry.file == stamp?.text
        guard unchanged || SHA256.hexDigest(bytes) == entry.png else { return nil }
        var kept = entry
        kept.file = stamp?.settled == true ? stamp?.text : nil
        lock.withLock {
            current[path] = kept
            keptPaths.insert(path)
        }
        return bytes
    }
}
