import Foundation
import Records
import Testing

/// Weights that cannot be written (a real tmpfs that fills up) follow the record policy: the run
/// gets no record (so it is not left finished without its weights), no new run starts, nothing
/// half-written stays, the exit status is 1 with the reason, and the next `gradbook run` trains
/// it again and writes both.
@Suite(.serialized, .enabled(if: canMountTmpfs(), "needs root to mount a tmpfs (mount -t tmpfs); skipped"))
struct WeightsDiskFullTests {
    /// Weights of ~35 KB (128 x 64 hidden units) against records of a few KB.
    static let notebook = """
        title: Weights on a full disk
        defaults:
          dataset: {name: moons, n: 80, validation: 0.25, seed: 0}
          model: {hidden: [128, 64], activation: tanh}
          training: {optimizer: adam, learning_rate: 0.01, batch_size: 16, epochs: 3, seed: 1, save: all}
        cells:
          - experiment:
              name: big
              parameters:
                training.learning_rate: {values: [0.01, 0.03, 0.1]}
        """

    @Test func aWeightsWriteThatFailsKeepsNoRecordAndTheNextRunTrainsItAgain() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write(Self.notebook)
        // Room for folders and a claim, not for 35 KB of weights.
        let small = try SmallDisk(in: space.folder, room: 20 * 1024)
        defer { small.unmount() }
        let disk = small.path

        let full = try GradbookProcess.run(["run", notebook, "--out", "disk/out", "--jobs", "1", "--no-progress"], in: space.folder)
        #expect(full.status == 1, "\(full.stderr)")
        #expect(full.stderr.contains("cannot write the weights"), "\(full.stderr)")
        #expect(full.stderr.contains("No space left on device"), "\(full.stderr)")
        #expect(full.stderr.contains("stopped starting runs"), "\(full.stderr)")
        #expect(full.stderr.contains("finished but could not be saved"), "\(full.stderr)")
        let folder = "\(disk)/out/tiny/runs/big"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        #expect(!names.contains { $0.hasSuffix(".tmp") }, "\(names)")
        #expect(!names.contains(where: RunRecordStore.isRecordFileName), "no record without its weights: \(names)")
        #expect(!names.contains { $0.hasSuffix(".claim") }, "\(names)")

        try FileManager.default.removeItem(atPath: "\(disk)/filler")
        try #require(DiskFullTests.shell("mount -o remount,size=16m tmpfs \(disk)") == 0)
        let resumed = try GradbookProcess.run(["run", notebook, "--out", "disk/out", "--jobs", "1", "--no-progress"], in: space.folder)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let records = try space.store("disk/out").scan().records
        #expect(records.count == 3)
        for record in records {
            #expect(FileManager.default.fileExists(atPath: "\(folder)/\(record.variant).safetensors"), "\(record.label)")
        }
    }

    @Test func aCheckpointWriteThatFailsStopsNewRunsAndTheRunTrainsOn() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write(Self.notebook.replacingOccurrences(of: "save: all}", with: "save: none, checkpoint: 0}"))
        // Room for folders, a claim and a record, not for a 70 KB checkpoint (weights and Adam's moments).
        let small = try SmallDisk(in: space.folder, room: 24 * 1024)
        defer { small.unmount() }
        let disk = small.path

        let full = try GradbookProcess.run(["run", notebook, "--out", "disk/out", "--jobs", "1", "--no-progress"], in: space.folder)
        #expect(full.status == 1, "\(full.stderr)")
        #expect(full.stderr.contains("cannot write the checkpoint"), "\(full.stderr)")
        #expect(full.stderr.contains("stopped starting runs"), "\(full.stderr)")
        let folder = "\(disk)/out/tiny/runs/big"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        #expect(!names.contains { $0.hasSuffix(".tmp") || $0.hasSuffix(".checkpoint") }, "\(names)")
        var kept = 0
        for name in names where RunRecordStore.isRecordFileName(name) {
            _ = try RunRecordStore.decode(path: "\(folder)/\(name)")
            kept += 1
        }
        #expect(kept <= 1, "only the run in flight when the first checkpoint failed ends: \(names)")

        try FileManager.default.removeItem(atPath: "\(disk)/filler")
        try #require(DiskFullTests.shell("mount -o remount,size=16m tmpfs \(disk)") == 0)
        let resumed = try GradbookProcess.run(["run", notebook, "--out", "disk/out", "--jobs", "1", "--no-progress"], in: space.folder)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try space.store("disk/out").scan().records.count == 3)
    }
}
