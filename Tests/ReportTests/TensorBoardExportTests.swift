import Core
import Foundation
import Records
import Testing
@testable import Report

/// The export of the fixture's records (ok, diverged, failed, timed out, a run without layer
/// statistics or swept values): byte-stable, and read back by TensorBoard's own loader.
struct TensorBoardExportTests {
    @Test func exportingTwiceWritesTheSameBytes() throws {
        let first = try ReportFixture.temporaryDirectory(), second = try ReportFixture.temporaryDirectory()
        defer { for folder in [first, second] { try? FileManager.default.removeItem(atPath: folder) } }
        let records = ReportFixture.records
        let written = try TensorBoardExport.write(notebook: ReportFixture.notebook, records: records, directory: first)
        #expect(written.written == records.count + 1 && written.unchanged == 0)
        // In another order, later: the same bytes (nothing comes from the clock or the order).
        try TensorBoardExport.write(notebook: ReportFixture.notebook, records: records.reversed(), directory: second)
        let files = try Self.eventFiles(in: "\(first)/tensorboard")
        #expect(files.count == records.count + 1)
        let secondFiles = try Self.eventFiles(in: "\(second)/tensorboard")
        #expect(secondFiles == files)
        for path in files {
            #expect(FileManager.default.contents(atPath: "\(first)/tensorboard/\(path)")
                    == FileManager.default.contents(atPath: "\(second)/tensorboard/\(path)"), "\(path)")
        }
        let again = try TensorBoardExport.write(notebook: ReportFixture.notebook, records: records, directory: first)
        #expect(again.written == 0 && again.unchanged == records.count + 1)
        for record in records {
            #expect(files.contains("\(record.experiment)/\(record.variant)/events.out.tfevents.gradbook"))
        }
    }

    @Test func sessionsCarryTheSweptValuesSeedLabelAndStatus() {
        let record = ReportFixture.records[0]
        let names = RunEventLog.hparams(of: record).map(\.name)
        #expect(names == ["model.activation", "training.learning_rate", "seed", "label", "status"])
        #expect(RunEventLog.hparams(of: record).first { $0.name == "training.learning_rate" }?.value
                == .number(record.parameters["training.learning_rate"]?.doubleValue ?? -1))
        #expect(RunEventLog.hparamValue(.list([.int(64), .int(32)])) == .string("[64, 32]"))
        #expect(RunEventLog.layerName(0, width: 2) == "layer_01")
    }

    /// TensorBoard's EventAccumulator and the hparams plugin's parser read every file; the
    /// script compares them with the records written beside them.
    @Test func tensorBoardReadsTheFixtureExport() throws {
        guard let python = try TensorBoardPython.interpreter() else { return }
        let directory = try ReportFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for record in ReportFixture.records {
            let data = try JSONCoding.encoder().encode(record)
            try AtomicFile.write([UInt8](data), to: "\(directory)/runs/\(record.experiment)/\(record.variant).json")
        }
        try TensorBoardExport.write(notebook: ReportFixture.notebook, records: ReportFixture.records, directory: directory)
        let result = try TensorBoardPython.check(python: python, folder: directory, metrics: ["val_accuracy", "val_loss"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("ok: \(ReportFixture.records.count) runs"), "\(result.output)")
    }

    static func eventFiles(in root: String) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root)
        return (enumerator?.allObjects as? [String] ?? []).filter { $0.hasSuffix("tfevents.gradbook") }.sorted()
    }
}

/// The Python with `tensorboard` that CI provides (GRADBOOK_NBFORMAT_PYTHON, its venv), and the
/// checker script under Tests/Scripts.
enum TensorBoardPython {
    /// nil (skip) on a developer machine without it; under CI=true a missing one fails the test.
    static func interpreter() throws -> String? {
        let environment = ProcessInfo.processInfo.environment
        let python = environment["GRADBOOK_NBFORMAT_PYTHON"] ?? "/tmp/gradbook-ci-venv/bin/python"
        if FileManager.default.isExecutableFile(atPath: python), (try? run(python, ["-c", "import tensorboard"]).status) == 0 {
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
        try run(python, [script, folder] + metrics)
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
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
