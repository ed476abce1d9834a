import Core
import Foundation
import Notebook

extension SlurmScripts {
    /// Writes both scripts atomically (a reader, or a running sbatch, sees the old file or the new
    /// one, never half) and creates the logs folder Slurm writes into: Slurm does not create it,
    /// and a task whose `--output` folder is missing fails without a word.
    public func write() throws {
        do {
            try FileManager.default.createDirectory(atPath: layout.logsFolder, withIntermediateDirectories: true)
        } catch {
            throw SlurmError.writeFailed(path: layout.logsFolder, reason: error.localizedDescription)
        }
        for (path, text) in [(layout.sweepScript, sweep), (layout.reportScript, report)] {
            do {
                try AtomicFile.write(Array(text.utf8), to: path)
            } catch {
                throw SlurmError.writeFailed(path: path, reason: "\(error)")
            }
            // Executable like any script, though sbatch does not need it.
            _ = try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
    }
}
