import Foundation

/// The one folder a fuzzing process writes: loaders that take a path read the input from a fixed
/// file here (rewritten per input), and notebooks resolve their data paths against it.
enum FuzzScratch {
    /// Per process, so parallel fuzzing jobs and test runs never share a file.
    static let root: String = {
        let path = NSTemporaryDirectory() + "gradbook-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// Writes `bytes` to `name` under the scratch folder and returns its path.
    static func write(_ bytes: [UInt8], to name: String) -> String {
        let path = root + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }
}
