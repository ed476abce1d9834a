import Foundation
import Testing

/// The preflight as a user meets it: every bad CSV, bad generator size and oversized model is
/// refused by `validate` and `run` with exit 2, at the key that causes it, before anything exists
/// under `--out`.
struct PreflightCommandTests {
    /// One notebook per kind of problem, each problem at a known line:column of its key.
    private static let cases: [(name: String, files: [String: String], dataset: String, hidden: String?, at: String, says: String)] = [
        ("ragged", ["bad.csv": "a,b,label\n1,2,x\n3,4\n"], "{csv: bad.csv, target: label}", nil, "3:13", "bad.csv:3"),
        ("text", ["bad.csv": "a,b,y\n1,2,0.5\n3,oops,0.25\n4,5,1\n"], "{csv: bad.csv, target: y, task: regression}", nil, "3:13", "bad.csv:3:2"),
        ("target", ["bad.csv": "a,b,label\n1,2,x\n3,4,y\n"], "{csv: bad.csv, target: lable}", nil, "3:35", "no column 'lable'"),  // at the target key itself
        ("generator", [:], "{name: moons, n: 2000000000}", nil, "3:26", "2000000000"),
        ("oversized", [:], "{name: moons}", "[100000, 100000]", "4:11", "model.hidden [100000, 100000]"),
    ]

    private func notebook(dataset: String, hidden: String?) -> String {
        """
        title: Preflight
        defaults:
          dataset: \(dataset)
          model: {hidden: \(hidden ?? "[4]")}
          training: {epochs: 1, save: none}
        cells:
          - experiment:
              name: grid
              parameters:
                training.learning_rate: {values: [0.1, 0.01]}
        """
    }

    @Test(arguments: cases.map(\.name))
    func validateAndRunRefuseBeforeCreatingAnything(_ name: String) throws {
        let item = try #require(Self.cases.first { $0.name == name })
        let space = try Workspace()
        defer { space.remove() }
        for (file, text) in item.files { try text.write(toFile: "\(space.folder)/\(file)", atomically: true, encoding: .utf8) }
        let path = try space.write(notebook(dataset: item.dataset, hidden: item.hidden), name: "pre.yaml")
        for arguments in [["validate", path], ["plan", path], ["run", path, "--out", "out", "--jobs", "1"]] {
            let result = try GradbookProcess.run(arguments, in: space.folder)
            #expect(result.status == 2, "\(arguments[0]) \(name): \(result.stderr)")
            #expect(result.stderr.contains("\(path):\(item.at): error: "), "\(arguments[0]) \(name): \(result.stderr)")
            #expect(result.stderr.contains(item.says), "\(arguments[0]) \(name): \(result.stderr)")
            // Reported once, though two variants share the data set and the model.
            #expect(result.stderr.components(separatedBy: "error:").count == 2, "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(space.folder)/out"))
    }

    @Test func everyProblemOfANotebookComesAtOnce() throws {
        let space = try Workspace()
        defer { space.remove() }
        try "a,label\n1,x\n2\n".write(toFile: "\(space.folder)/bad.csv", atomically: true, encoding: .utf8)
        let path = try space.write("""
            title: Three problems
            defaults:
              training: {epochs: 1, save: none}
            cells:
              - experiment:
                  name: csv
                  dataset: {csv: bad.csv, target: label}
                  parameters: {training.learning_rate: {values: [0.1]}}
              - experiment:
                  name: generated
                  dataset: {name: spirals, n: 2000000000}
                  parameters: {training.learning_rate: {values: [0.1]}}
              - experiment:
                  name: huge
                  dataset: {name: moons}
                  parameters: {model.hidden: {values: [[4], [100000, 100000]]}}
            """, name: "three.yaml")
        let result = try GradbookProcess.run(["run", path, "--out", "out"], in: space.folder)
        #expect(result.status == 2)
        for at in ["7:17", "11:32", "16:20"] { #expect(result.stderr.contains("\(path):\(at): error: "), "\(at): \(result.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: "\(space.folder)/out"))
    }

    @Test func runRefusesWhatFitsOneWorkerButNotTheJobsAskedFor() throws {
        let space = try Workspace()
        defer { space.remove() }
        // [3000, 3000] on moons: ~9 million parameters, ~240 MB with Adam's state and the process:
        // one worker fits in 300 MB, two do not.
        let path = try space.write(notebook(dataset: "{name: moons, n: 100}", hidden: "[3000, 3000]"), name: "jobs.yaml")
        let limit = ["GRADBOOK_MEMORY_LIMIT": "300000000"]
        let many = try GradbookProcess.run(["run", path, "--out", "out", "--jobs", "2"], in: space.folder, environment: limit)
        #expect(many.status == 2, "\(many.stderr)")
        #expect(many.stderr.contains("one of 2 workers may use"), "\(many.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(space.folder)/out"))
        let check = try GradbookProcess.run(["validate", path], in: space.folder, environment: limit)
        #expect(check.status == 0, "\(check.stderr)")
        // validate warns at the default --jobs (the number of cores): two or more here.
        if ProcessInfo.processInfo.activeProcessorCount >= 2 {
            #expect(check.stderr.contains("warning: model.hidden [3000, 3000]"), "\(check.stderr)")
        }
        let one = try GradbookProcess.run(["run", path, "--out", "out", "--jobs", "1", "--quiet"], in: space.folder, environment: limit)
        #expect(one.status == 0, "\(one.stderr)")
    }
}
