import Core
import Foundation
import Records
@testable import Runner
import Testing

/// The group commit of run records: records come back durable and byte-identical to a plain
/// `save`, a failed file fails alone, and nothing is reported before it is written.
struct RecordCommitterTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "gradbook-commit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    @Test func committedRecordsAreTheBytesOfAPlainSaveAndLeaveNoTemporary() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = RunRecordStore(directory: folder)
        let committer = RecordCommitter<Int>(store: store)
        let records = (0..<40).map { TestVariants.record("v\($0)", metrics: ["val_accuracy": Double($0) / 40]) }
        for (index, record) in records.enumerated() { committer.submit(record, tag: index) }
        #expect(committer.outstanding == 40)
        let done = committer.collectAll()
        committer.shutDown()
        #expect(committer.isIdle)
        #expect(done.map(\.tag) == Array(0..<40), "in the order handed over")
        #expect(done.allSatisfy { $0.error == nil })
        for record in records {
            let path = store.recordPath(experiment: record.experiment, variant: record.variant)
            let written = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(Array(written) == (try RunRecordStore.encode(record)))
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: store.experimentDirectory("grid"))
        #expect(names.filter { $0.hasPrefix(".") }.isEmpty, "no temporary left: \(names)")
        #expect(names.count == 40)
    }

    @Test func aRecordIsReportedOnlyOnceItIsOnDisk() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = RunRecordStore(directory: folder)
        // The delay holds each group back, so collect() runs while the records wait.
        let committer = RecordCommitter<String>(store: store, environment: [RecordCommitter<String>.delayVariable: "200"])
        let record = TestVariants.record("slow")
        committer.submit(record, tag: "slow")
        #expect(committer.collect().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: store.recordPath(experiment: "grid", variant: "slow")))
        let done = committer.collectAll()
        committer.shutDown()
        #expect(done.map(\.tag) == ["slow"])
        #expect(FileManager.default.fileExists(atPath: store.recordPath(experiment: "grid", variant: "slow")))
    }

    @Test func aFileThatCannotBeWrittenFailsAloneInItsGroup() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A file where the experiment's folder should be: that record's folder cannot be created.
        FileManager.default.createFile(atPath: "\(folder)/runs", contents: nil)
        let blocked = RunRecordStore(directory: folder)
        let entries = [AtomicFile.GroupEntry(bytes: Array("a\n".utf8), path: "\(folder)/ok/a.json"),
                       AtomicFile.GroupEntry(bytes: Array("b\n".utf8), path: blocked.recordPath(experiment: "grid", variant: "b")),
                       AtomicFile.GroupEntry(bytes: Array("c\n".utf8), path: "\(folder)/ok/c.json")]
        let failures = AtomicFile.writeGroup(entries)
        #expect(failures[0] == nil && failures[2] == nil)
        #expect(failures[1]?.code == ENOTDIR)
        #expect(try String(contentsOfFile: "\(folder)/ok/a.json", encoding: .utf8) == "a\n")
        #expect(try String(contentsOfFile: "\(folder)/ok/c.json", encoding: .utf8) == "c\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(folder)/ok").sorted() == ["a.json", "c.json"])
    }
}
