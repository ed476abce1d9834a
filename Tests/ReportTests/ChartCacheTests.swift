import Charts
import Core
import Foundation
import Testing
@testable import Notebook
@testable import Report

/// A re-render keeps the charts whose input did not change (`ChartCache`) and the result is byte
/// for byte the report a clean render of the same notebook writes.
@Suite struct ChartCacheTests {
    /// A renderer whose "PNG" is the chart's own description, counting what it draws.
    static func counting(identity: String = "test style 1") -> (ChartRendering, DrawCounter) {
        let counter = DrawCounter()
        func draw<Chart>(_ kind: String) -> @Sendable (Chart) throws -> [UInt8] {
            { chart in
                counter.add(kind)
                return Array("\(kind) \(String(reflecting: chart))".utf8)
            }
        }
        var charts = ChartRendering(loss: draw("loss"), metric: draw("metric"), heatmap: draw("heatmap"),
                                    gradients: draw("gradients"), depthProfile: draw("depth"), importance: draw("importance"),
                                    parallel: draw("parallel"), costQuality: draw("cost"), cellPlot: draw("cell"))
        charts.searchProgress = draw("progress")
        charts.heatmapPanels = draw("heatmapPanels")
        charts.cacheIdentity = identity
        return (charts, counter)
    }

    static func write(_ notebook: NotebookDocument, to directory: String, charts: ChartRendering) throws {
        try ReportWriter.write(notebook: notebook, records: CellFixture.records, directory: directory,
                               context: ReportFixture.context, charts: charts)
    }

    /// The fixture with its first chart cell drawing val_loss instead of val_accuracy.
    static var changedNotebook: NotebookDocument {
        var notebook = CellFixture.notebook
        if case var .chart(cell) = notebook.cells[3] {
            cell.y = "val_loss"
            notebook.cells[3] = .chart(cell)
        }
        return notebook
    }

    /// Every file of the report (charts included, the digests file not), by relative path.
    static func files(_ directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in FileManager.default.subpaths(atPath: directory) ?? []
            where !path.hasSuffix(".digests.json") && !path.hasSuffix(ImportanceCache.fileName) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: "\(directory)/\(path)", isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            files[path] = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(path)"))
        }
        return files
    }

    static func inode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int)
    }

    @Test func changedCellRedrawsOnlyItsChartAndMatchesACleanRender() throws {
        let root = try ReportFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (charts, counter) = Self.counting()
        try Self.write(CellFixture.notebook, to: "\(root)/a", charts: charts)
        let drawnFirst = counter.count
        #expect(drawnFirst > 10)
        #expect(FileManager.default.fileExists(atPath: "\(root)/a/\(ChartCache.fileName)"))
        let lossInode = try Self.inode("\(root)/a/charts/lr-loss.png")

        // The same notebook again: nothing drawn, nothing rewritten (report files included).
        let reportInodes = try ["report.md", "report.ipynb", "results.csv", "results.json"].map { try Self.inode("\(root)/a/\($0)") }
        try Self.write(CellFixture.notebook, to: "\(root)/a", charts: charts)
        #expect(counter.count == drawnFirst)
        #expect(try Self.inode("\(root)/a/charts/lr-loss.png") == lossInode)
        #expect(try ["report.md", "report.ipynb", "results.csv", "results.json"].map { try Self.inode("\(root)/a/\($0)") } == reportInodes)

        // One chart cell changed: only its chart is drawn.
        try Self.write(Self.changedNotebook, to: "\(root)/a", charts: charts)
        #expect(counter.count == drawnFirst + 1)
        #expect(counter.kinds.last == "cell")
        #expect(try Self.inode("\(root)/a/charts/lr-loss.png") == lossInode)

        // A clean render of the changed notebook writes the same files, byte for byte.
        try Self.write(Self.changedNotebook, to: "\(root)/b", charts: charts)
        let kept = try Self.files("\(root)/a"), clean = try Self.files("\(root)/b")
        #expect(kept.keys.sorted() == clean.keys.sorted())
        for (path, data) in clean { #expect(kept[path] == data, "\(path) differs from a clean render") }
    }

    @Test func missingOrCorruptChartIsRedrawn() throws {
        let root = try ReportFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (charts, counter) = Self.counting()
        try Self.write(CellFixture.notebook, to: root, charts: charts)
        let before = try Self.files(root)
        let drawn = counter.count
        try FileManager.default.removeItem(atPath: "\(root)/charts/lr-loss.png")
        let corrupt = "\(root)/charts/cell-4-lr-line-val_accuracy-learning_rate.png"
        try Data("not the chart".utf8).write(to: URL(fileURLWithPath: corrupt))
        try Self.write(CellFixture.notebook, to: root, charts: charts)
        #expect(counter.count == drawn + 2)
        #expect(try Self.files(root) == before)
    }

    /// A kept PNG whose stamp is unchanged is not hashed again; any write to it changes the stamp
    /// (even one keeping its size and inode), and then its bytes are checked and it is redrawn.
    @Test func stampedChartIsTrustedUntilTheFileChanges() throws {
        let root = try ReportFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (charts, counter) = Self.counting()
        try Self.write(CellFixture.notebook, to: root, charts: charts)
        let before = try Self.files(root)
        let drawn = counter.count
        // Just written: too fresh to stamp (a write within the same clock tick could keep the stamp).
        #expect(try Self.stamped(root).isEmpty)
        Thread.sleep(forTimeInterval: FileStamp.settleSeconds + 0.1)
        try Self.write(CellFixture.notebook, to: root, charts: charts)
        let stamped = try Self.stamped(root)
        #expect(stamped.contains("charts/lr-loss.png"))
        #expect(counter.count == drawn)

        // Same size, same inode, other bytes: the stamp changes, the bytes are checked, it is redrawn.
        let path = "\(root)/charts/lr-loss.png"
        let inode = try Self.inode(path)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data(repeating: 0x41, count: 4))
        try handle.close()
        #expect(try Self.inode(path) == inode)
        try Self.write(CellFixture.notebook, to: root, charts: charts)
        #expect(counter.count == drawn + 1)
        #expect(try Self.files(root) == before)
    }

    /// The paths whose digest entry carries a file stamp.
    static func stamped(_ directory: String) throws -> Set<String> {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(ChartCache.fileName)"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let charts = try #require(manifest["entries"] as? [String: [String: Any]])
        return Set(charts.filter { $0.value["file"] != nil }.keys)
    }

    @Test func anotherStyleOrAnUnreadableDigestFileRedrawsEverything() throws {
        let root = try ReportFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (charts, counter) = Self.counting()
        try Self.write(CellFixture.notebook, to: root, charts: charts)
        let drawn = counter.count
        let (restyled, second) = Self.counting(identity: "test style 2")
        try Self.write(CellFixture.notebook, to: root, charts: restyled)
        #expect(second.count == drawn)
        try Data("{".utf8).write(to: URL(fileURLWithPath: "\(root)/\(ChartCache.fileName)"))
        try Self.write(CellFixture.notebook, to: root, charts: restyled)
        #expect(second.count == 2 * drawn)
        // Renderers without an identity (the other tests' fixed images) never use the digests.
        let (plain, third) = Self.counting()
        var uncached = plain
        uncached.cacheIdentity = nil
        try Self.write(CellFixture.notebook, to: root, charts: uncached)
        try Self.write(CellFixture.notebook, to: root, charts: uncached)
        #expect(third.count == 2 * drawn)
    }

    /// The real charts: a kept PNG is the PNG drawing it again gives.
    @Test func keptLiveChartsAreTheBytesOfDrawingThemAgain() throws {
        let root = try ReportFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.write(Self.changedNotebook, to: "\(root)/a", charts: .live)
        let first = try Self.files("\(root)/a")
        try Self.write(Self.changedNotebook, to: "\(root)/a", charts: .live)
        #expect(try Self.files("\(root)/a") == first)
        var fresh = ChartRendering.live
        fresh.cacheIdentity = nil
        try Self.write(Self.changedNotebook, to: "\(root)/b", charts: fresh)
        let clean = try Self.files("\(root)/b")
        #expect(first.keys.sorted() == clean.keys.sorted())
        for (path, data) in clean { #expect(first[path] == data, "\(path) differs from a clean render") }
    }
}

final class DrawCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var drawn: [String] = []
    func add(_ kind: String) { lock.withLock { drawn.append(kind) } }
    var count: Int { lock.withLock { drawn.count } }
    var kinds: [String] { lock.withLock { drawn } }
}
