import Core
import Foundation
@testable import Report
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The report rewrites a file only when its bytes changed, comparing a megabyte at a time.
struct FileComparisonTests {
    static func folder() throws -> String {
        let folder = NSTemporaryDirectory() + "gradbook-compare-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    static func inode(_ path: String) -> UInt64 {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : 0
    }

    /// Over several chunks: equal bytes hold; a change in the last chunk, one byte more or less,
    /// a missing file do not; the empty file holds the empty bytes.
    @Test func aFileHoldsExactlyItsBytes() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/results.json"
        let bytes = (0..<(FileComparison.chunk * 2 + 12345)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        #expect(!FileComparison.holds(bytes, path: path), "missing")
        try AtomicFile.write(bytes, to: path)
        #expect(FileComparison.holds(bytes, path: path))
        var changed = bytes
        changed[changed.count - 2] ^= 1
        #expect(!FileComparison.holds(changed, path: path))
        changed = bytes
        changed[FileComparison.chunk] ^= 0x80
        #expect(!FileComparison.holds(changed, path: path), "a change at a chunk's first byte")
        #expect(!FileComparison.holds(Array(bytes.dropLast()), path: path))
        #expect(!FileComparison.holds(bytes + [0], path: path))
        try AtomicFile.write([], to: path)
        #expect(FileComparison.holds([], path: path))
        #expect(!FileComparison.holds([0x0A], path: path))
    }

    /// An unchanged report file is left alone (same inode); a changed one is replaced.
    @Test func writeIfChangedRewritesOnlyChangedFiles() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/report.md"
        try ReportWriter.writeIfChanged(Array("# Report\n".utf8), to: path)
        let first = Self.inode(path)
        try ReportWriter.writeIfChanged(Array("# Report\n".utf8), to: path)
        #expect(Self.inode(path) == first)
        try ReportWriter.writeIfChanged(Array("# Report!\n".utf8), to: path)
        #expect(Self.inode(path) != first)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "# Report!\n")
    }

    static func entries(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// A staged file (results.json, written in pieces) replaces its target only when its bytes
    /// differ, never leaves its temporary behind, and a dropped one changes nothing.
    @Test func aStagedFileReplacesItsTargetOnlyWhenItsBytesDiffer() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/results.json"
        let bytes = (0..<(FileComparison.chunk + 777)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) }
        func stage(_ pieces: [ArraySlice<UInt8>]) throws -> StagedFile {
            let staged = try StagedFile(path)
            for piece in pieces { try staged.append(Array(piece)) }
            return staged
        }
        try stage([bytes[..<1000], bytes[1000...]]).commitIfChanged()
        #expect(FileManager.default.contents(atPath: path).map(Array.init) == bytes)
        #expect(Self.entries(folder) == ["results.json"])
        let first = Self.inode(path)

        try stage([bytes[...]]).commitIfChanged()
        #expect(Self.inode(path) == first, "the same bytes leave the file alone")

        var changed = bytes
        changed[FileComparison.chunk + 5] ^= 1
        let restarted = try stage([bytes[..<10]])
        try restarted.restart()
        try restarted.append(changed)
        try restarted.commitIfChanged()
        #expect(Self.inode(path) != first)
        #expect(FileManager.default.contents(atPath: path).map(Array.init) == changed)

        do { _ = try stage([bytes[..<99]]) }
        #expect(Self.entries(folder) == ["results.json"], "a dropped staged file removes its temporary")
        #expect(FileManager.default.contents(atPath: path).map(Array.init) == changed)

        #expect(FileComparison.sameBytes(-1, size: 0, path: "\(folder)/missing") == false)
    }
}

