import Foundation
import Records
import Testing

/// Whether this process may mount a tmpfs (root, or a container that allows it).
func canMountTmpfs() -> Bool {
    let probe = NSTemporaryDirectory() + "gradbook-tmpfs-probe-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: probe) }
    guard (try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)) != nil,
          DiskFullTests.shell("mount -t tmpfs -o size=64k tmpfs \(probe)") == 0 else { return false }
    _ = DiskFullTests.shell("umount \(probe)")
    return true
}

/// A sweep on a disk that fills up (a real tmpfs of a few hundred KB): it stops starting runs,
/// keeps every record it wrote whole, exits 1 with the reason, and resumes once there is space.
@Suite(.serialized, .enabled(if: canMountTmpfs(), "needs root to mount a tmpfs (mount -t tmpfs); skipped"))
struct DiskFullTests {
    @discardableResult
    static func shell(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " 2>/dev/null"]
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func aFullDiskStopsTheSweepKeepsWholeRecordsAndTheNextRunResumes() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        // Room for ~6 pages: a record or two.
        let small = try SmallDisk(in: space.folder, room: 24 * 1024)
        defer { small.unmount() }
        let disk = small.path

        let full = try GradbookProcess.run(["run", notebook, "--out", "disk/out", "--jobs", "1", "--no-progress"], in: space.folder)
        #expect(full.status == 1, "\(full.stderr)")
        #expect(full.stderr.contains("No space left on device"), "\(full.stderr)")
        #expect(full.stderr.contains("stopped starting runs"), "\(full.stderr)")
        // Every record on disk is whole JSON, nothing half-written is left (no temporaries).
        var kept = 0
        for experiment in ["grid", "slow"] {
            let folder = "\(disk)/out/tiny/runs/\(experiment)"
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                #expect(!name.hasSuffix(".tmp"), "\(name)")
                guard RunRecordStore.isRecordFileName(name) else { continue }
                _ = try RunRecordStore.decode(path: "\(folder)/\(name)")
                kept += 1
            }
        }
        #expect(kept < 5, "the disk was meant to fill before the sweep ended")
        #expect(full.stderr.contains("\(kept) run\(kept == 1 ? "" : "s") of this sweep kept on disk"), "\(full.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(disk)/out/tiny/report.md"))

        // Space freed and the disk grown (the report's charts need more than 400 KB): the same
        // command resumes, trains only what is missing, and reports.
        try FileManager.default.removeItem(atPath: "\(disk)/filler")
        try #require(Self.shell("mount -o remount,size=16m tmpfs \(disk)") == 0)
        let resumed = try GradbookProcess.run(["run", notebook, "--out", "disk/out", "--jobs", "1", "--no-progress"], in: space.folder)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let records = try space.store("disk/out").scan()
        #expect(records.records.count == 5 && records.problems.isEmpty)
        let resumedLine = kept == 0 ? "5 runs on 1 worker\n" : "\(5 - kept) runs on 1 worker, \(kept) already finished"
        #expect(resumed.stderr.contains(resumedLine), "\(resumed.stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(disk)/out/tiny/report.md"))
    }
}
