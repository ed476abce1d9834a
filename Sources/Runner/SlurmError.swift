import Foundation

/// Everything that can go wrong between a notebook and a Slurm cluster, with what to do about it.
public enum SlurmError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A command-line value Slurm would reject (or misread) later, caught before anything is written.
    case invalidOption(name: String, value: String, expected: String)
    /// `sbatch` (or another Slurm client) is not on PATH.
    case toolMissing(tool: String, searched: [String])
    /// A Slurm client ran and failed.
    case commandFailed(command: String, status: Int32, output: String)
    /// `sbatch --parsable` printed something that is not a job id.
    case unparsableJobID(command: String, output: String)
    /// A script could not be written.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidOption(let name, let value, let expected):
            return "invalid value '\(value)' for \(name): expected \(expected)"
        case .toolMissing(let tool, let searched):
            let folders = searched.isEmpty ? "PATH is empty" : "searched \(searched.joined(separator: ":"))"
            return "'\(tool)' not found (\(folders)). Is this a Slurm login node? "
                + "Load Slurm (e.g. `module load slurm`) or run the printed sbatch commands where Slurm is installed."
        case .commandFailed(let command, let status, let output):
            let detail = output.trimmingCharacters(in: .whitespacesAndNewlines)
            return "\(command) failed with exit status \(status)" + (detail.isEmpty ? "" : ":\n\(detail)")
        case .unparsableJobID(let command, let output):
            return "\(command) printed '\(output.trimmingCharacters(in: .whitespacesAndNewlines))', not a job id"
        case .writeFailed(let path, let reason):
            return "cannot write \(path): \(reason)"
        }
    }
}
