import Core
import Foundation
import Notebook

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
        try writeExecutable(script, to: executable)
        return ArgumentRecorder(executable: executable, log: log)
    }

    /// Writes a script and makes it executable. The write descriptor is close-on-exec, so a process
    /// another test forks meanwhile cannot hold it open and make exec fail with "text file busy".
    func writeExecutable(_ script: String, to path: String) throws {
        try AtomicFile.write(Array(script.utf8), to: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
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
