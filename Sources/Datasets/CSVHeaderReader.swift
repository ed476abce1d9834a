import Foundation

/// The column names of CSV files, read once per file: notebook validation asks for every variant,
/// and a sweep may have thousands that all read the same file.
public enum CSVHeaderReader {
    private static let cache = HeaderCache()

    /// The names `target:` and `features:` may use (unnamed columns as `column<N>`), or nil when
    /// the file cannot be opened or its header is malformed (loading reports that with its place).
    public static func columns(of path: String) -> [String]? {
        // Keyed by modification time and size too, so an edited file is read again.
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let stamp = "\((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0):\((attributes?[.size] as? Int) ?? 0)"
        let key = "\(path)\u{0}\(stamp)"
        if let known = cache.names(of: key) { return known }
        guard let names = try? read(path) else { return nil }
        cache.store(names, for: key)
        return names
    }

    static func read(_ path: String) throws -> [String] {
        let file = try MappedFile(path: path)
        var tokenizer = CSVTokenizer(bytes: file.bytes, delimiter: CSVTokenizer.detectDelimiter(in: file.bytes), path: path)
        var fields: [CSVField] = []
        guard try tokenizer.nextRecord(into: &fields) else { throw DatasetError(file: path, message: "the file is empty") }
        return try CSVHeader(names: fields.map { tokenizer.text(of: $0) }, path: path).names
    }
}

/// A lock around the header cache (the cache is shared by validation threads, if any).
private final class HeaderCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: [String]] = [:]

    func names(of path: String) -> [String]? { lock.withLock { entries[path] } }
    func store(_ names: [String], for path: String) { lock.withLock { entries[path] = names } }
}
