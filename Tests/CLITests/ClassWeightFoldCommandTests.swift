import Foundation
import Records
import Testing

/// `training.class_weight` and `dataset.folds` through the built binary: a cross-validated sweep
/// of none vs balanced on an imbalanced file (records per fold, the fold column, the report's
/// aggregation sentence and per-class recall), the same numbers on any --jobs and on resume, and
/// bad values refused at their place with exit 2 and nothing written.
struct ClassWeightFoldCommandTests {
    /// Weather-style: "sun" dominates, "snow" is rare (24 / 8 / 4 rows).
    static let weather: String = {
        var lines = ["temperature,humidity,sky"]
        for row in 0..<36 {
            let sky = row % 9 == 0 ? "snow" : row % 9 < 3 ? "rain" : "sun"
            let t = Double(row % 7) * 1.5 + (sky == "snow" ? -6 : sky == "rain" ? 2 : 9)
            let h = Double((row * 5) % 11) * 0.04 + (sky == "sun" ? 0.2 : 0.7)
            lines.append("\(t),\(h),\(sky)")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    static func notebook(dataset: String = "folds: 3", training: String = "",
                         parameters: String = "training.class_weight: {values: [none, balanced]}") -> String {
        """
        title: Weather
        defaults:
          dataset: {csv: weather.csv, target: sky, \(dataset)}
          model: {hidden: [4]}
          training: {epochs: 3, batch_size: 8, save: none\(training)}
          metric: {name: val_balanced_accuracy, goal: maximize}
        cells:
          - experiment:
              name: weights
              parameters:
                \(parameters)
        """
    }

    private func run(_ arguments: [String], in space: Workspace) throws -> (status: Int32, stderr: String) {
        let process = try GradbookProcess(arguments, in: space.folder)
        return (process.wait(), process.stderr)
    }

    @Test func crossValidatedClassWeightsRunOncePerFoldAndReportTheirAggregation() throws {
        let space = try Workspace()
        defer { space.remove() }
        _ = try space.write(Self.weather, name: "weather.csv")
        let notebook = try space.write(Self.notebook(), name: "weather.yaml")
        let first = try run(["run", notebook, "--out", "out", "--no-progress", "--jobs", "2"], in: space)
        #expect(first.status == 0, "\(first.stderr)")
        let records = try space.records("out", stem: "weather")
        #expect(records.count == 6)
        #expect(records.compactMap(\.fold).sorted() == [1, 1, 2, 2, 3, 3])
        #expect(records.allSatisfy { $0.finalMetrics["val_balanced_accuracy"] != nil && $0.finalMetrics["val_recall[snow]"] != nil },
                "\(records.map(\.finalMetrics.keys))")

        let csv = try String(contentsOfFile: "\(space.folder)/out/weather/results.csv", encoding: .utf8)
        let header = csv.split(separator: "\r\n").first.map(String.init) ?? ""
        #expect(header.hasPrefix("experiment,variant,label,seed,fold,status,"), "\(header)")
        #expect(header.contains("val_recall[snow]"))
        let report = try String(contentsOfFile: "\(space.folder)/out/weather/report.md", encoding: .utf8)
        #expect(report.contains("mean over 3 folds x 1 seed"), "\(report)")
        #expect(report.contains("Recall per class on the validation split"), "\(report)")
        #expect(report.contains("| snow |"), "\(report)")

        // The same numbers with one job, and a second run retrains nothing.
        let serial = try run(["run", notebook, "--out", "serial", "--no-progress", "--jobs", "1"], in: space)
        #expect(serial.status == 0, "\(serial.stderr)")
        let again = try space.records("serial", stem: "weather")
        let byVariant = Dictionary(uniqueKeysWithValues: records.map { ($0.variant, $0.finalMetrics) })
        #expect(again.allSatisfy { byVariant[$0.variant] == $0.finalMetrics })
        let resumed = try run(["run", notebook, "--out", "out", "--no-progress"], in: space)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let after = try space.records("out", stem: "weather")
        #expect(Set(after.map(\.finishedAt)) == Set(records.map(\.finishedAt)))
    }

    @Test func unknownClassesAndTooManyFoldsAreRefusedWhereTheyAreWritten() throws {
        let space = try Workspace()
        defer { space.remove() }
        _ = try space.write(Self.weather, name: "weather.csv")
        let notebook = try space.write(Self.notebook(dataset: "folds: 5", training: ", class_weight: {rian: 2, sun: 1}",
                                                      parameters: "training.learning_rate: {values: [0.01]}"), name: "weather.yaml")
        let result = try run(["run", notebook, "--out", "out", "--no-progress"], in: space)
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(notebook):5:67: error: 'training.class_weight': the data has no class 'rian'; did you mean 'rain'?"),
                "\(result.stderr)")
        #expect(result.stderr.contains("\(notebook):3:44: error: 'dataset.folds: 5' needs at least 5 rows of every class outside the test split, but class 'snow' has 4"),
                "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(space.folder)/out"))
    }
}
