import Foundation
import Testing

/// The must-show of parameter importance on a notebook whose answer is known by construction:
/// the learning rate moves plain SGD from crawling to learning, while `clip_norm` is swept at
/// norms no gradient of this network reaches, so it changes nothing but the variant id.
@Suite(.serialized)
struct ImportanceRunTests {
    static let notebook = """
    title: Learning rate decides
    defaults:
      dataset: {name: blobs, n: 120, classes: 2, validation: 0.25, seed: 0}
      model: {hidden: [8], activation: tanh}
      training: {optimizer: sgd, learning_rate: 0.01, batch_size: 16, epochs: 4}
      metric: {name: val_loss, goal: minimize}
    cells:
      - experiment:
          name: known
          parameters:
            training.learning_rate: {values: [0.0001, 0.001, 0.01, 0.1]}
            training.clip_norm: {values: [1000000, 2000000]}
          seeds: [1, 2]
    """

    @Test func learningRateRanksFirstAndTheSharesSumToOne() throws {
        let space = try Workspace()
        defer { space.remove() }
        let path = try space.write(Self.notebook, name: "tiny.yaml")
        let run = try GradbookProcess.run(["run", path, "--out", "out", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(run.status == 0, "\(run.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(space.folder)/out/tiny/results.json"))
        let results = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let experiment = try #require((results["experiments"] as? [[String: Any]])?.first)
        let importance = try #require(experiment["importance"] as? [String: Double])
        #expect(experiment["importance_method"] as? String == "exact")
        let rate = try #require(importance["training.learning_rate"])
        let clip = try #require(importance["training.clip_norm"])
        #expect(rate > 0.9, "\(importance)")
        #expect(clip < 0.01, "\(importance)")
        #expect(abs(importance.values.reduce(0, +) - 1) < 1e-9)
        let report = try String(contentsOfFile: "\(space.folder)/out/tiny/report.md", encoding: .utf8)
        let table = report.components(separatedBy: "#### What matters").dropFirst().first ?? ""
        let rows = table.components(separatedBy: "\n").filter { $0.hasPrefix("| 1 ") || $0.hasPrefix("| 2 ") }
        #expect(rows.first?.contains("`learning_rate`") == true, "\(table)")
        #expect(report.contains("**clip_norm** barely matters here"))
        #expect(FileManager.default.fileExists(atPath: "\(space.folder)/out/tiny/charts/known-importance.png"))
        let best = try #require((experiment["variants"] as? [[String: Any]])?.first)
        #expect((best["ci95"] as? [Double])?.count == 2)
        #expect((experiment["best_vs_runner_up"] as? [String: Any])?["p_value"] != nil)
    }
}
