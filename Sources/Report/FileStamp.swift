import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `stat` says of a file that changes whenever its bytes do: device, inode, size, and the
/// modification and status-change times in nanoseconds. The status-change time cannot be set
/// back by `touch` or `cp -p`, and a write through a rename (`AtomicFile`) brings a new inode.
///
/// File times advance in clock ticks of a few milliseconds, so a file written again within the
/// tick its stamp was taken in could keep the stamp (git's "racy" index entries): a stamp taken
/// less than `settleSeconds` after the file last changed is not `settled` and must not be trusted
/// later; the bytes are verified again instead.
struct FileStamp: Equatable {
    static let settleSeconds = 2.0

    var text: String
    var settled: Bool

    static func of(_ path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if os(Linux)
        let (modified, changed) = (info.st_mtim, info.st_ctim)
        #else
        let (modified, changed) = (info.st_mtimespec, info.st_ctimespec)
        #endif
        let text = "\(info.st_dev) \(info.st_ino) \(info.st_size) \(modified.tv_sec).\(modified.tv_nsec) \(changed.tv_sec).\(changed.tv_nsec)"
        let lastChange = max(Double(modified.tv_sec) + Double(modified.tv_nsec) / 1e9, Double(changed.tv_sec) + Double(changed.tv_nsec) / 1e9)
        return FileStamp(text: text, settled: Date().timeIntervalSince1970 - lastChange >= settleSeconds)
    }
}
