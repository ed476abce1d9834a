import Foundation

/// Where a Slurm sweep's pieces live, all as absolute paths: array tasks start in whatever folder
/// Slurm gives them, so nothing in the scripts may depend on the submitting shell's directory.
public struct SlurmSweepLayout: Sendable, Hashable {
    /// The gradbook executable every task runs (the one that wrote the scripts).
    public var executable: String
    /// The notebook file.
    public var notebook: String
    /// The `--out` folder; the notebook's results go to `<outputRoot>/<stem>`.
    public var outputRoot: String
    /// The notebook's file name without extension.
    public var stem: String

    public init(executable: String, notebook: String, outputRoot: String, stem: String) {
        self.executable = Self.absolute(executable)
        self.notebook = Self.absolute(notebook)
        self.outputRoot = Self.absolute(outputRoot)
        self.stem = stem
    }

    /// The notebook's output folder (`runs/`, `report.md`, ...).
    public var notebookOutput: String { "\(outputRoot)/\(stem)" }
    /// Scripts and logs of the Slurm sweep.
    public var folder: String { "\(notebookOutput)/slurm" }
    public var logsFolder: String { "\(folder)/logs" }
    public var sweepScript: String { "\(folder)/sweep.sbatch" }
    public var reportScript: String { "\(folder)/report.sbatch" }

    /// Slurm's job name for the array; the report job adds `-report`.
    public var jobName: String { "gradbook-\(stem)" }

    /// `path` made absolute against the current directory, with `.` and `..` resolved.
    public static func absolute(_ path: String,
                                relativeTo directory: String = FileManager.default.currentDirectoryPath) -> String {
        let joined = path.hasPrefix("/") ? path : "\(directory)/\(path)"
        var components: [Substring] = []
        for component in joined.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }
}
