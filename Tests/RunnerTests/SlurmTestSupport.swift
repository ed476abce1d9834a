import Foundation

/// A fresh temporary folder, removed when the value goes away.
final class SlurmTestFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "gradbook-slurm-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// An executable that records the arguments it was started with (one per NUL-terminated field)
    /// and prints `stdout` (e.g. a job id, to stand in for sbatch).
    func argumentRecorder(named name: String = "recorder", stdout: String = "") throws -> ArgumentRecorder {
        let executable = "\(path)/\(name)"
        let log = "\(path)/\(name).args"
        let script = """
            #!/bin/bash
            printf '%s\\0' "$@" > '\(log)'
            printf '%s' '\(stdout)'

            """
        try script.write(toFile: executable, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: executable)
        return ArgumentRecorder(executable: executable, log: log)
    }
}

struct ArgumentRecorder {
    let executable: String
    let log: String

    /// The arguments of the last start.
    func arguments() throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: log))
        return data.split(separator: 0, omittingEmptySubsequences: false).dropLast()
            .map { String(decoding: $0, as: UTF8.self) }
    }
}
