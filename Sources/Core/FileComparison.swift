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
        bytes.withUnsafeBytes { expected in
            compare(path: path, size: expected.count) { offset, piece in
                memcmp(piece.baseAddress!, expected.baseAddress! + offset, piece.count) == 0
            }
        }
    }

    /// True when `path` holds exactly the first `size` bytes of the open file `descriptor`
    /// (read with pread, so its offset stays where it was).
    public static func sameBytes(_ descriptor: Int32, size: Int, path: String) -> Bool {
        var mine = [UInt8](repeating: 0, count: min(chunk, max(size, 1)))
        return mine.withUnsafeMutableBytes { own in
            compare(path: path, size: size) { offset, piece in
                var done = 0
                while done < piece.count {
                    let count = pread(descriptor, own.baseAddress! + done, piece.count - done, off_t(offset + done))
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0 else { return false }
                    done += count
                }
                return memcmp(own.baseAddress!, piece.baseAddress!, piece.count) == 0
            }
        }
    }

    /// Reads `path` a chunk at a time and asks `matches` of each piece (its offset, its bytes);
    /// true when the file has exactly `size` bytes and every piece matched.
    private static func compare(path: String, size: Int,
                                matches: (Int, UnsafeRawBufferPointer) -> Bool) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, Int(info.st_size) == size else { return false }
        var buffer = [UInt8](repeating: 0, count: min(chunk, max(size, 1)))
        return buffer.withUnsafeMutableBytes { piece in
            var offset = 0
            while offset < size {
                let count = read(descriptor, piece.baseAddress, min(piece.count, size - offset))
                if count < 0 && errno == EINTR { continue }
                guard count > 0, matches(offset, UnsafeRawBufferPointer(rebasing: piece[..<count])) else { return false }
                offset += count
            }
            // A file that grew after the size was read is not these bytes.
            return read(descriptor, piece.baseAddress, 1) == 0
        }
    }
}
