import Core
import Foundation

/// The file behind a report cache (`ChartCache`'s `charts/.digests.json`, `ImportanceCache`'s
/// `charts/.importance.json`): the format and the entries by digest, as one JSON object. Read
/// once when a render starts (an unreadable file, or one of another format, counts as empty, so
/// the cache computes afresh) and written back after it, atomically and only when the entries
/// changed. Not fsynced: a cache lost in a crash only costs recomputing what it held.
struct ReportCacheFile<Entry: Codable & Equatable> {
    /// What the file holds; `format` changes when the digests start covering something else.
    private struct Contents: Codable {
        var format: Int
        var entries: [String: Entry]
    }

    /// The file's path: `<report folder>/<name>`.
    let path: String
    let format: Int

    init(directory: String, name: String, format: Int) {
        path = "\(directory)/\(name)"
        self.format = format
    }

    /// The stored entries; empty when there are none this build can read.
    func load() -> [String: Entry] {
        guard let data = FileManager.default.contents(atPath: path),
              let contents = try? JSONDecoder().decode(Contents.self, from: data), contents.format == format
        else { return [:] }
        return contents.entries
    }

    /// Writes `entries` when they differ from `previous` (what `load` gave).
    func save(_ entries: [String: Entry], previous: [String: Entry]) throws {
        guard entries != previous else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data = try encoder.encode(Contents(format: format, entries: entries))
        try AtomicFile.write([UInt8](data), to: path, durable: false)
    }
}
