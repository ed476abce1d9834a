import Foundation
import Testing

/// `gradbook validate`, `plan` and `datasets` as a user meets them: the built binary, real files,
/// exit statuses that scripts test, diagnostics on standard error.
struct ValidatePlanCommandTests {
    /// Runs to the end and returns (status, stdout, stderr).
    private func run(_ arguments: [String], in space: Workspace) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = try GradbookProcess(arguments, in: space.folder)
        let status = process.wait()
        let stdout = (try? String(contentsOfFile: process.stdoutPath, encoding: .utf8)) ?? ""
        return (status, stdout, process.stderr)
    }

    private static let broken = """
        title: Broken
        defaults:
          dataset: {name: moons}
          model: {activation: rleu}
        cells:
          - experiment:
              name: grid
              parameters:
                training.learning_rate: {values: [0.1, -1]}
        """

    @Test func aGoodNotebookValidatesWithItsCounts() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        let result = try run(["validate", notebook], in: space)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("ok: \(notebook) (2 experiments, 5 variants)"), "\(result.stdout)")
    }

    @Test func everyProblemIsReportedWithItsPositionAndExitStatus2() throws {
        let space = try Workspace()
        defer { space.remove() }
        let good = try space.write()
        let bad = try space.write(Self.broken, name: "broken.yaml")
        let result = try run(["validate", good, bad], in: space)
        #expect(result.status == 2)
        #expect(result.stdout.contains("ok: \(good)"), "the good file is still checked: \(result.stdout)")
        #expect(result.stderr.contains("\(bad):4:23: error: unknown activation 'rleu'; did you mean 'relu'?"), "\(result.stderr)")
        #expect(result.stderr.contains("\(bad):9:48: error: 'training.learning_rate' must be > 0, got -1"), "\(result.stderr)")
    }

    @Test func planListsEveryVariantOnce() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        let result = try run(["plan", notebook], in: space)
        #expect(result.status == 0, "\(result.stderr)")
        for label in ["lr=0.01 hidden=8", "lr=0.1 hidden=8", "lr=0.01 hidden=12", "lr=0.1 hidden=12"] {
            #expect(result.stdout.contains(label), "\(label) missing from:\n\(result.stdout)")
        }
        #expect(result.stdout.contains("5"), "total count: \(result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: "\(space.folder)/reports"), "plan writes nothing")
    }

    @Test func everyGalleryNotebookValidates() throws {
        let space = try Workspace()
        defer { space.remove() }
        let experiments = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("experiments").path
        let notebooks = try FileManager.default.contentsOfDirectory(atPath: experiments)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "\(experiments)/\($0)" }
        #expect(notebooks.count >= 7)
        let result = try run(["validate"] + notebooks, in: space)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").filter { $0.hasPrefix("ok: ") }.count == notebooks.count,
                "\(result.stdout)")
    }

    @Test func datasetsListsShippedAndGeneratedSets() throws {
        let space = try Workspace()
        defer { space.remove() }
        let result = try run(["datasets"], in: space)
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["digits", "iris", "wine", "breast_cancer", "moons", "spirals", "friedman1"] {
            #expect(result.stdout.contains(name), "\(name) missing from:\n\(result.stdout)")
        }
    }
}
