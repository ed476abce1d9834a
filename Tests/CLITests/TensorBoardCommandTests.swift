import Foundation
import Testing

/// `tensorboard: true`, `gradbook run --tensorboard` and `gradbook report --tensorboard` on a real
/// (tiny) sweep, read back by TensorBoard's own loader.
struct TensorBoardCommandTests {
    static let notebookWithKey = Workspace.notebook.replacingOccurrences(
        of: "title: Tiny runner sweep\n", with: "title: Tiny runner sweep\ntensorboard: true\n")

    @Test func theKeyWritesALogThatTensorBoardReadsAndReportRegeneratesIt() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write(Self.notebookWithKey)
        let run = try GradbookProcess.run(["run", notebook, "--out", "out", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(run.status == 0, "\(run.stderr)")
        let log = "\(space.folder)/out/tiny/tensorboard"
        let written = Self.files(in: log)
        let recordCount = try space.records("out").count
        #expect(recordCount == 5 && written.count == recordCount + 1)
        if let python = try CLITensorBoardPython.interpreter() {
            let check = try CLITensorBoardPython.check(python: python, folder: "\(space.folder)/out/tiny", metrics: ["val_accuracy"])
            #expect(check.status == 0, "\(check.output)")
            #expect(check.output.contains("ok: 5 runs"), "\(check.output)")
        }
        // From the stored records alone, the same bytes (what a Slurm merge relies on).
        try FileManager.default.removeItem(atPath: log)
        let report = try GradbookProcess.run(["report", notebook, "--out", "out"], in: space.folder)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(Self.files(in: log) == written)
    }

    @Test func theFlagsWriteTheLogForANotebookWithoutTheKey() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        let run = try GradbookProcess.run(["run", notebook, "--out", "out", "--jobs", "2", "--no-progress", "--tensorboard"],
                                          in: space.folder)
        #expect(run.status == 0, "\(run.stderr)")
        let log = "\(space.folder)/out/tiny/tensorboard"
        let written = Self.files(in: log)
        #expect(written.count == 6)
        try FileManager.default.removeItem(atPath: log)
        #expect(try GradbookProcess.run(["report", notebook, "--out", "out"], in: space.folder).status == 0)
        #expect(!FileManager.default.fileExists(atPath: log), "without the key or the flag, no log")
        #expect(try GradbookProcess.run(["report", notebook, "--out", "out", "--tensorboard"], in: space.folder).status == 0)
        #expect(Self.files(in: log) == written)
    }

    @Test func aBadValueExits2WithItsPosition() throws {
        let space = try Workspace()
        defer { space.remove() }
        let text = Workspace.notebook.replacingOccurrences(of: "title: Tiny runner sweep\n",
                                                            with: "title: Tiny runner sweep\ntensorboard: always\n")
        let notebook = try space.write(text)
        let result = try GradbookProcess.run(["run", notebook, "--out", "out"], in: space.folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("tiny.yaml:2:14: error: 'tensorboard' must be true or false, got 'always'"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(space.folder)/out"))
        let misspelt = Workspace.notebook.replacingOccurrences(of: "title: Tiny runner sweep\n",
                                                               with: "title: Tiny runner sweep\ntensorbord: true\n")
        let typo = try GradbookProcess.run(["validate", try space.write(misspelt, name: "typo.yaml")], in: space.folder)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("typo.yaml:2:1: error: unknown top-level key 'tensorbord'; did you mean 'tensorboard'?"), "\(typo.stderr)")
    }

    /// Relative path -> bytes of every event file under `root`.
    static func files(in root: String) -> [String: Data] {
        let paths = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { $0.hasSuffix("tfevents.gradbook") }
        return Dictionary(uniqueKeysWithValues: paths.map { ($0, FileManager.default.contents(atPath: "\(root)/\($0)") ?? Data()) })
    }
}

/// The Python with `tensorboard` that CI provides, and the checker script under Tests/Scripts.
enum CLITensorBoardPython {
    /// nil (skip) on a developer machine without it; under CI=true a missing one fails the test.
    static func interpreter() throws -> String? {
        let environment = ProcessInfo.processInfo.environment
        let python = environment["GRADBOOK_NBFORMAT_PYTHON"] ?? "/tmp/gradbook-ci-venv/bin/python"
        if FileManager.default.isExecutableFile(atPath: python),
           (try? GradbookProcess.runTool(python, ["-c", "import tensorboard"]).status) == 0 {
            return python
        }
        if environment["CI"] == "true" {
            Issue.record("CI must provide a Python with tensorboard (GRADBOOK_NBFORMAT_PYTHON=\(python))")
        }
        return nil
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scripts/check_tensorboard_export.py").path

    static func check(python: String, folder: String, metrics: [String]) throws -> (status: Int32, output: String) {
        try GradbookProcess.runTool(python, [script, folder] + metrics)
    }
}

extension GradbookProcess {
    /// Another program (not gradbook) to the end, its output and errors together.
    static func runTool(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tb-check-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}
