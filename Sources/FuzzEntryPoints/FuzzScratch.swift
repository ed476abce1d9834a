import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one folder a fuzzing process writes: loaders that take a path read the input from a fixed
/// file here (rewritten per input), and notebooks resolve their data paths against it.
enum FuzzScratch {
    /// Per process, so parallel fuzzing jobs and test runs never share a file; in memory
    /// (/dev/shm) where there is one, as a fuzzer rewrites the file thousands of times a second.
    static let root: String = {
        var isDirectory: ObjCBool = false
        let memory = FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDirectory) && isDirectory.boolValue
        let path = (memory ? "/dev/shm/" : NSTemporaryDirectory()) + "gradbook-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// Writes `bytes` to `name` under the scratch folder (in place: no temporary file and rename
    /// per input) and returns its path.
    static func write(_ bytes: [UInt8], to name: String) -> String {
        let path = root + "/" + name
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { return path }
        defer { close(descriptor) }
        bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let result = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result <= 0 { break }
                written += result
            }
        }
        return path
    }
}
