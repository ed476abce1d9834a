import Foundation
import Testing

/// A real tmpfs of 400 KB mounted inside a test's workspace and filled but for `room` bytes, so
/// the next writes meet ENOSPC (tmpfs counts whole pages). Needs root, as `DiskFullTests` says.
struct SmallDisk {
    let path: String

    init(in folder: String, room: Int) throws {
        path = "\(folder)/disk"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try #require(DiskFullTests.shell("mount -t tmpfs -o size=400k tmpfs \(path)") == 0)
        var info = statvfs()
        try #require(statvfs(path, &info) == 0)
        let free = Int(info.f_bavail) * Int(info.f_frsize)
        try Data(count: max(0, free - room)).write(to: URL(fileURLWithPath: "\(path)/filler"))
    }

    func unmount() { DiskFullTests.shell("umount \(path)") }
}
