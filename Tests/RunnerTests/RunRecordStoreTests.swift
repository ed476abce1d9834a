import Core
import Records
import Foundation
import Notebook
import Testing

struct RunRecordStoreTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "gradbook-store-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    @Test func savedRecordsLoadBackEqual() throws {
        let store = RunRecordStore(directory: folder)
        let record = TestVariants.record("abc123", metrics: ["val_accuracy": 0.875, "val_loss": .nan, "train_loss": .infinity])
        try store.save(record)
        let loaded = try #require(store.load(experiment: "grid", variant: "abc123"))
        #expect(loaded.variant == "abc123")
        #expect(loaded.finalMetrics["val_accuracy"] == 0.875)
        #expect(loaded.finalMetrics["val_loss"]?.isNaN == true)
        #expect(loaded.finalMetrics["train_loss"] == .infinity)
        #expect(loaded.epochs.map(\.layers) == record.epochs.map(\.layers))
        #expect(loaded.epochs.first?.metrics["val_loss"]?.isNaN == true)
        #expect(try store.scan().records.map(\.variant) == ["abc123"])
    }

    @Test func saveLeavesNoTemporaryFileAndOverwritesWhole() throws {
        let store = RunRecordStore(directory: folder)
        try store.save(TestVariants.record("r1", status: .failed))
        try store.save(TestVariants.record("r1", status: .ok))
        let names = try FileManager.default.contentsOfDirectory(atPath: "\(folder)/runs/grid")
        #expect(names == ["r1.json"])
        #expect(store.load(experiment: "grid", variant: "r1")?.status == .ok)
    }

    @Test func temporaryNamesNeverMatchTheLoaderPattern() {
        let path = RunRecordStore(directory: folder).recordPath(experiment: "grid", variant: "abc")
        let temporary = AtomicFile.temporaryPath(for: path)
        let name = URL(fileURLWithPath: temporary).lastPathComponent
        #expect(URL(fileURLWithPath: temporary).deletingLastPathComponent().path
                == URL(fileURLWithPath: path).deletingLastPathComponent().path)
        #expect(!RunRecordStore.isRecordFileName(name))
        #expect(RunRecordStore.isRecordFileName("abc.json"))
    }

    @Test func halfWrittenAndForeignFilesAreSkippedAndReported() throws {
        let store = RunRecordStore(directory: folder)
        try store.save(TestVariants.record("good"))
        let runs = "\(folder)/runs/grid"
        // What a crash in the middle of a non-atomic write would leave, and a temp file in flight.
        let full = try Data(contentsOf: URL(fileURLWithPath: "\(runs)/good.json"))
        try full.prefix(full.count / 2).write(to: URL(fileURLWithPath: "\(runs)/torn.json"))
        try full.write(to: URL(fileURLWithPath: AtomicFile.temporaryPath(for: "\(runs)/other.json")))
        try Data("notes".utf8).write(to: URL(fileURLWithPath: "\(runs)/README.txt"))
        let scan = try store.scan()
        #expect(scan.records.map(\.variant) == ["good"])
        #expect(scan.problems.count == 1)
        #expect(scan.problems.first?.contains("torn.json") == true)
    }

    @Test func missingFolderLoadsNothing() throws {
        let store = RunRecordStore(directory: folder + "/nowhere")
        #expect(try store.scan().records.isEmpty)
        #expect(store.load(experiment: "grid", variant: "x") == nil)
    }

    @Test func concurrentReaderNeverSeesPartialRecord() throws {
        // A reader polling while records are rewritten sees either no file or a whole record.
        let store = RunRecordStore(directory: folder)
        let big = TestVariants.record("big", metrics: Dictionary(uniqueKeysWithValues: (0..<400).map { ("m\($0)", Double($0)) }))
        try store.save(big)
        let done = Atomicish()
        let reader = Thread {
            while !done.value {
                if let data = try? Data(contentsOf: URL(fileURLWithPath: store.recordPath(experiment: "grid", variant: "big"))),
                   (try? JSONCoding.decoder.decode(RunRecord.self, from: data)) == nil {
                    done.failures += 1
                }
            }
        }
        reader.start()
        for _ in 0..<60 { try store.save(big) }
        done.value = true
        Thread.sleep(forTimeInterval: 0.05)
        #expect(done.failures == 0)
    }
}

/// Shared state of the reader thread, behind a lock.
final class Atomicish: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    private var count = 0
    var value: Bool {
        get { lock.withLock { flag } }
        set { lock.withLock { flag = newValue } }
    }
    var failures: Int {
        get { lock.withLock { count } }
        set { lock.withLock { count = newValue } }
    }
}

/// Claims sit beside records and are never read as records.
struct RunClaimsTests {
    @Test func claimFilesAreInvisibleToTheLoaderAndExclusive() throws {
        let folder = NSTemporaryDirectory() + "gradbook-claims-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = RunRecordStore(directory: folder)
        try AtomicFile.createFolder(store.experimentDirectory("grid"))
        let key = RunKey(experiment: "grid", variant: "abc123")
        let mine = RunClaims(store: store), theirs = RunClaims(store: store)
        #expect(try mine.claim(key))
        #expect(try !theirs.claim(key))
        #expect(try !theirs.refresh(key))
        theirs.release(key)
        #expect(FileManager.default.fileExists(atPath: mine.path(key)))
        let scan = try store.scan()
        #expect(scan.records.isEmpty && scan.problems.isEmpty)
        // A claim that is still the judged one is taken over; a changed one is not.
        let judged = try #require(mine.current(key))
        #expect(try mine.refresh(key))
        #expect(try !theirs.takeOver(key, judged: judged, staleAfter: 300))
        #expect(try theirs.takeOver(key, judged: try #require(mine.current(key)), staleAfter: 300))
        #expect(theirs.current(key)?.token == theirs.token)
        mine.release(key)
        theirs.release(key)
        #expect(!FileManager.default.fileExists(atPath: mine.path(key)))
    }
}
