import Core
import Foundation
@testable import Records
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The live report's scans keep what earlier scans decoded (`RecordScanCache`): a file is read
/// again only when it is new or changed, and a scan returns what a scan without the cache returns.
struct RecordScanCacheTests {
    static func summary(_ scan: RunRecordStore.Scan) -> [String] {
        scan.records.map { "\($0.variant) \($0.hasCurves) \($0.epochCount) \($0.finalMetrics) \($0.config == .null)" }
    }

    @Test func cachedScansEqualFreshScansAndReadOnlyNewFiles() throws {
        let folder = NSTemporaryDirectory() + "gradbook-scan-cache-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = RunRecordStore(directory: folder)
        for id in ["a", "b", "c"] { try store.save(TestVariants.record(id)) }
        let cache = RecordScanCache()
        let keeps: (String, Int) -> Bool = { variant, _ in variant != "b" }
        func scanBoth() throws -> [String] {
            let cached = try store.scan(keepingCurves: keeps, keepingConfigurations: false, cache: cache)
            let fresh = try store.scan(keepingCurves: keeps, keepingConfigurations: false)
            #expect(Self.summary(cached) == Self.summary(fresh))
            return Self.summary(cached)
        }
        #expect(try scanBoth().count == 3)
        #expect(cache.count == 3)

        // A new record, a removed one and a rewritten one (a new file, atomically renamed in).
        try store.save(TestVariants.record("d"))
        try store.remove(experiment: "grid", variant: "c")
        try store.save(TestVariants.record("a", metrics: ["val_accuracy": 0.75]))
        let second = try scanBoth()
        #expect(second.map { String($0.prefix(1)) } == ["a", "b", "d"])
        #expect(second[0].contains("0.75"))
        #expect(cache.count == 3)

        // An unchanged file (same inode, size and time) is not read again: bytes changed behind
        // the cache's back with the stamp restored still give the cached record.
        let path = store.recordPath(experiment: "grid", variant: "d")
        var before = stat()
        stat(path, &before)
        let bytes = try RunRecordStore.fileBytes(path)
        let altered = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "0.5", with: "0.6").utf8)
        #expect(altered.count == bytes.count && altered != bytes)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data(altered))
        try handle.close()
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        let cached = try store.scan(keepingCurves: keeps, keepingConfigurations: false, cache: cache)
        #expect(cached.records.first { $0.variant == "d" }?.finalMetrics["val_accuracy"] == 0.5)
        let fresh = try store.scan(keepingCurves: keeps, keepingConfigurations: false)
        #expect(fresh.records.first { $0.variant == "d" }?.finalMetrics["val_accuracy"] == 0.6)
    }

    /// A record cached light is read again when a scan wants its curves; one cached with curves
    /// serves a light reading (and is held light from then on).
    @Test func readingsFollowTheSample() throws {
        let folder = NSTemporaryDirectory() + "gradbook-scan-cache-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = RunRecordStore(directory: folder)
        for id in ["a", "b"] { try store.save(TestVariants.record(id)) }
        let cache = RecordScanCache()
        let light = try store.scan(keepingCurves: { _, _ in false }, keepingConfigurations: false, cache: cache)
        #expect(light.records.allSatisfy { !$0.hasCurves })
        let full = try store.scan(keepingCurves: { _, _ in true }, keepingConfigurations: false, cache: cache)
        #expect(full.records.allSatisfy { $0.hasCurves && $0.epochs.count == 1 })
        let again = try store.scan(keepingCurves: { variant, _ in variant == "a" }, keepingConfigurations: false, cache: cache)
        #expect(again.records.map(\.hasCurves) == [true, false])
        let withConfig = try store.scan(keepingCurves: { _, _ in true }, keepingConfigurations: true, cache: cache)
        #expect(withConfig.records.allSatisfy { $0.config != .null })
    }
}
