import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A whole file read straight into an array: one `open`, `fstat` and `read` (`Data(contentsOf:)`
/// then `Array` copied each record twice). What record scans, claim readers and results.json's
/// header reader use.
public enum FileBytes {
    /// The file's bytes; nil when it cannot be opened, or does not read back whole.
    public static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size >= 0 else { return nil }
        let size = Int(status.st_size)
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let got = Glibc.read(descriptor, buffer.baseAddress! + done, size - done)
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { break }
                done += got
            }
            count = done
            complete = done == size
        }
        return complete ? bytes : nil
    }
}
