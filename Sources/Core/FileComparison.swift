import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether a file already holds given bytes, read a megabyte at a time: the report rewrites only
/// the files that changed (each write costs an fsync), and reading the old file whole to find out
/// would hold a second copy of a results.json that runs to ~160 MB at 100,000 runs.
public enum FileComparison {
    public static let chunk = 1 << 20

    /// True when `path` exists and its bytes are exactly `bytes`; false on any difference or
    /// read error (the caller then writes the file).
    public static func holds(_ bytes: [UInt8], path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, Int(info.st_size) == bytes.count else { return false }
        var buffer = [UInt8](repeating: 0, count: min(chunk, max(bytes.count, 1)))
        return bytes.withUnsafeBytes { expected in
            buffer.withUnsafeMutableBytes { piece in
                var offset = 0
                while offset < expected.count {
                    let count = read(descriptor, piece.baseAddress, min(piece.count, expected.count - offset))
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0, memcmp(piece.baseAddress!, expected.baseAddress! + offset, count) == 0 else { return false }
                    offset += count
                }
                // A file that grew after the size was read is not these bytes.
                return read(descriptor, piece.baseAddress, 1) == 0
            }
        }
    }
}
