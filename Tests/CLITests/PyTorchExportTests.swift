import Foundation
import Testing

/// The weights export against the PyTorch module docs/library.md gives: a network trained with
/// dropout, batch norm and residual blocks on a fixed validation file, exported by `save: best`,
/// loaded by the documented code (taken from the doc as written, so the doc cannot drift) with
/// `load_state_dict(strict=True)` in eval mode, predicts the validation file with exactly the
/// accuracy gradbook reported.
///
/// The Python is CI's venv (`GRADBOOK_NBFORMAT_PYTHON`, created by .ci/run with torch), else
/// /tmp/gradbook-ci-venv; without torch the test is skipped locally and fails under `CI=true`.
struct PyTorchExportTests {
    static let library = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/library.md")

    /// The documented module: the ```python block of docs/library.md that defines `GradbookMLP`.
    static func documentedModule() throws -> String {
        let text = try String(contentsOf: library, encoding: .utf8)
        let blocks = text.components(separatedBy: "```python\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
        return try #require(blocks.first { $0.contains("class GradbookMLP") }, "docs/library.md has no GradbookMLP block")
    }

    static func pythonWithTorch() -> String? {
        let environment = ProcessInfo.processInfo.environment
        let candidates = [environment["GRADBOOK_NBFORMAT_PYTHON"], "/tmp/gradbook-ci-venv/bin/python"].compactMap { $0 }
        for python in candidates where FileManager.default.isExecutableFile(atPath: python) {
            if (try? run(python, ["-c", "import torch"]).status) == 0 { return python }
        }
        return nil
    }

    /// Three classes from three features, rows already standardised (`normalize: none`), so the
    /// script feeds the file's numbers as they are.
    static func rows(_ count: Int, seed: UInt64) -> String {
        var state = seed
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
        var text = "a,b,c,y\n"
        for _ in 0..<count {
            let (a, b, c) = (uniform(), uniform(), uniform())
            let label = a + 0.5 * b > 0.3 ? "up" : (b - c > 0 ? "left" : "down")
            text += String(format: "%.4f,%.4f,%.4f,%@\n", a, b, c, label)
        }
        return text
    }

    static let check = """
        import glob, json, os, sys
        import torch
        exec(open(sys.argv[1]).read())
        runs, validation = sys.argv[2], sys.argv[3]
        record = next(json.load(open(p)) for p in glob.glob(os.path.join(runs, "*.json")) if not p.endswith("best-weights.json"))
        model, meta = load_gradbook(glob.glob(os.path.join(runs, "*.safetensors"))[0])
        assert isinstance(model.norms[0], torch.nn.BatchNorm1d) and not model.training
        assert meta["norm"] == "batch" and meta["residual"] == "true", meta
        assert int(model.norms[0].num_batches_tracked) > 0
        lines = open(validation).read().split()[1:]
        classes = sorted({line.split(",")[-1] for line in open(sys.argv[4]).read().split()[1:]})
        x = torch.tensor([[float(v) for v in line.split(",")[:-1]] for line in lines])
        y = torch.tensor([classes.index(line.split(",")[-1]) for line in lines])
        with torch.no_grad():
            predicted = model(x).argmax(1)
        print(repr((predicted == y).sum().item() / len(lines)), repr(record["final_metrics"]["val_accuracy"]), meta["dropout"])
        """

    @Test func aNetworkWithDropoutAndBatchNormReproducesItsValidationAccuracyInPyTorch() throws {
        guard let python = Self.pythonWithTorch() else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("CI=true but no Python with torch (GRADBOOK_NBFORMAT_PYTHON); .ci/run installs it")
            }
            return
        }
        let space = try Workspace()
        defer { space.remove() }
        let train = try space.write(Self.rows(240, seed: 7), name: "train.csv")
        let validation = try space.write(Self.rows(90, seed: 11), name: "val.csv")
        let module = try space.write(try Self.documentedModule(), name: "module.py")
        let script = try space.write(Self.check, name: "check.py")
        let notebook = try space.write("""
            title: Export round trip
            defaults:
              dataset: {csv: train.csv, validation_csv: val.csv, target: y, normalize: none}
              model: {hidden: [16, 16], activation: tanh, dropout: 0.2, norm: batch, residual: true, output: softmax}
              training: {optimizer: adam, learning_rate: 0.02, batch_size: 16, epochs: 6, seed: 3, save: best}
            parameters:
              training.learning_rate: {values: [0.02]}
            """, name: "export.yaml")
        let out = space.folder + "/out"
        let result = try GradbookProcess.run(["run", notebook, "--out", out, "--no-progress"], in: space.folder)
        #expect(result.status == 0, "\(result.stderr)")
        let check = try Self.run(python, [script, module, "\(out)/export/runs/export", validation, train])
        #expect(check.status == 0, "\(check.output)")
        let fields = check.output.split(whereSeparator: \.isWhitespace).map(String.init)
        #expect(fields.count == 3, "\(check.output)")
        guard fields.count == 3 else { return }
        print("PyTorch eval-mode val_accuracy \(fields[0]), gradbook reported \(fields[1])")
        #expect(fields[0] == fields[1], "PyTorch \(fields[0]) against gradbook \(fields[1])")
        #expect(fields[2] == "[0.2,0.2]")
        #expect((Double(fields[1]) ?? 0) > 0.5, "the network learnt nothing: \(fields[1])")
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("torch-export-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: output.path, contents: nil)
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
