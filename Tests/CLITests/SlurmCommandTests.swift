import Foundation
import Testing

/// `gradbook slurm` without a cluster: validation first, the files it writes, the commands it
/// prints, and its errors. (The round trip through a real Slurm is SlurmIntegrationTests.)
@Suite struct SlurmCommandTests {
    static let notebook = """
        title: Slurm command - planning only
        defaults:
          dataset: {name: moons, n: 200}
          model: {hidden: [8]}
          training: {epochs: 2}
        cells:
          - experiment:
              name: lr
              parameters:
                training.learning_rate: {values: [0.001, 0.01, 0.1]}
              seeds: [1, 2, 3]

        """

    final class Folder {
        let path = NSTemporaryDirectory() + "gradbook-slurm-cli-\(UUID().uuidString)"
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func write(_ text: String, as name: String) throws -> String {
            try text.write(toFile: "\(path)/\(name)", atomically: true, encoding: .utf8)
            return "\(path)/\(name)"
        }
    }

    @Test func invalidNotebookExitsTwoAndWritesNothing() throws {
        let folder = try Folder()
        let notebook = try folder.write(Self.notebook.replacingOccurrences(of: "epochs: 2", with: "epoch: 2"), as: "nb.yaml")
        let result = try SlurmHarness.run(try SlurmHarness.gradbookExecutable(), ["slurm", notebook, "--out", "\(folder.path)/out"])
        #expect(result.status == 2, "\(result.both)")
        #expect(result.errors.contains("nb.yaml:5:"), "\(result.errors)")
        #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/out"))
    }

    @Test func badResourceValueIsAUsageErrorAndWritesNothing() throws {
        let folder = try Folder()
        let notebook = try folder.write(Self.notebook, as: "nb.yaml")
        let result = try SlurmHarness.run(try SlurmHarness.gradbookExecutable(),
                                          ["slurm", notebook, "--out", "\(folder.path)/out", "--mem", "2GB"])
        #expect(result.status == 2, "\(result.both)")
        #expect(result.errors.contains("--mem"))
        #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/out"))
    }

    @Test func writesBothScriptsAndPrintsTheSbatchCommands() throws {
        let folder = try Folder()
        let notebook = try folder.write(Self.notebook, as: "nb.yaml")
        let gradbook = try SlurmHarness.gradbookExecutable()
        let result = try SlurmHarness.run(gradbook, ["slurm", notebook, "--out", "\(folder.path)/out", "--tasks", "3",
                                                     "--cpus-per-task", "2", "--partition", "short"])
        #expect(result.status == 0, "\(result.both)")
        let slurm = "\(folder.path)/out/nb/slurm"
        #expect(result.output.contains("array=$(sbatch --parsable \(slurm)/sweep.sbatch)"))
        #expect(result.output.contains("sbatch --dependency=afterany:$array \(slurm)/report.sbatch"))
        #expect(result.output.contains("9 runs in 3 array tasks"))
        let sweep = try String(contentsOfFile: "\(slurm)/sweep.sbatch", encoding: .utf8)
        #expect(sweep.contains("#SBATCH --array=1-3\n"))
        #expect(sweep.contains("#SBATCH --partition=short\n"))
        let resolved = (try? FileManager.default.destinationOfSymbolicLink(atPath: gradbook)) ?? gradbook
        #expect(sweep.contains("\n\(URL(fileURLWithPath: resolved).standardizedFileURL.path) run \(notebook) "
                               + "--out \(folder.path)/out --shard \"${SLURM_ARRAY_TASK_ID}/3\" --jobs 2 --no-progress"),
                "\(sweep)")
        let report = try String(contentsOfFile: "\(slurm)/report.sbatch", encoding: .utf8)
        #expect(report.contains(" report \(notebook) --out \(folder.path)/out --shards 3\n"))
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: "\(slurm)/logs", isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    @Test func moreTasksThanRunsAreCapped() throws {
        let folder = try Folder()
        let notebook = try folder.write(Self.notebook, as: "nb.yaml")
        let result = try SlurmHarness.run(try SlurmHarness.gradbookExecutable(),
                                          ["slurm", notebook, "--out", "\(folder.path)/out", "--tasks", "50"])
        #expect(result.status == 0, "\(result.both)")
        #expect(result.errors.contains("using 9 tasks"))
        let sweep = try String(contentsOfFile: "\(folder.path)/out/nb/slurm/sweep.sbatch", encoding: .utf8)
        #expect(sweep.contains("#SBATCH --array=1-9\n") && sweep.contains("--shard \"${SLURM_ARRAY_TASK_ID}/9\""))
    }

    @Test func submitWithoutSbatchSaysSoAndKeepsTheScripts() throws {
        let folder = try Folder()
        let notebook = try folder.write(Self.notebook, as: "nb.yaml")
        let result = try SlurmHarness.run(try SlurmHarness.gradbookExecutable(),
                                          ["slurm", notebook, "--out", "\(folder.path)/out", "--submit"],
                                          environment: ["PATH": "\(folder.path)/no-slurm-here"], extendPath: false)
        #expect(result.status == 1, "\(result.both)")
        #expect(result.errors.contains("'sbatch' not found"), "\(result.errors)")
        #expect(result.errors.contains("array=$(sbatch --parsable"))
        #expect(FileManager.default.fileExists(atPath: "\(folder.path)/out/nb/slurm/sweep.sbatch"))
    }
}
