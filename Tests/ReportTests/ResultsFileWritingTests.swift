import Core
import Foundation
import Notebook
import Records
@testable import Report
import Testing

/// results.json's runs and variants are written by hand (`ResultsFile+Writing`): the file must be
/// JSONEncoder's bytes, for every value a summary holds, with one experiment or several.
struct ResultsFileWritingTests {
    static let values: [Double] = [0, -0.0, 1, 0.1, 1.0 / 3, 1e-7, 1e21, 5e-324, .greatestFiniteMagnitude, .nan, .infinity, -.infinity, 100]

    static func record(_ index: Int) -> RunRecord {
        let value = values[index % values.count]
        var record = RunRecord(experiment: "e", variant: "v\(index)", label: index % 3 == 0 ? "a/b \"q\"\n\tx é" : "lr=\(value)",
                               seed: index, parameters: ["training.learning_rate": .double(value), "model.hidden": .list([.int(index), .int(4)]),
                                                         "model.activation": .string("relu"), "Flag": .bool(index % 2 == 0)],
                               config: .null, status: index % 4 == 0 ? .diverged : .ok, reason: index % 4 == 0 ? "loss nan" : nil,
                               divergedEpoch: index % 4 == 0 ? 2 : nil, bestEpoch: index % 5 == 0 ? nil : 1, epochs: [],
                               finalMetrics: index % 6 == 5 ? [:] : ["val_loss": value, "val_accuracy": values[(index + 3) % values.count]],
                               seconds: abs(values[(index + 1) % values.count]), finishedAt: "2026-12-02T00:00:00Z",
                               shard: index % 3 == 1 ? "1/2" : nil, weightsFile: index % 2 == 1 ? "v.safetensors" : nil)
        record.fold = index % 3 == 2 ? 1 : nil
        return record
    }

    static func file(experiments: Int, runs: Int) -> ResultsFile {
        let entries = (0..<experiments).map { experiment in
            let summaries = (0..<runs).map { ResultsFile.RunSummary(record($0 + experiment)) }
            let variants = (0..<max(0, runs - 1)).map { index in
                ResultsFile.VariantSummary(label: "v \(index)", parameters: ["x": .double(values[index % values.count]), "y": .list([])],
                                           metricMean: index % 2 == 0 ? values[index % values.count] : nil,
                                           metricStd: index % 3 == 0 ? 0.5 : nil, n: index, status: "\(index) ok",
                                           runs: (0..<(index % 3)).map { "r\($0)" },
                                           ci95: index % 2 == 1 ? [values[index % values.count], 1] : nil)
            }
            return ResultsFile.ExperimentEntry(name: "exp\(experiment)", method: "random", metric: RunConfig.Metric(), seeds: [1, 2],
                                               parameters: [], variants: variants, best: variants.first, runs: summaries,
                                               importance: experiment == 0 ? ["a": 0.5, "seed_noise": 0.5] : nil,
                                               importanceMethod: experiment == 0 ? "forest" : nil, bestVsRunnerUp: nil,
                                               advice: experiment == 0 ? ["try \"more\""] : [])
        }
        return ResultsFile(gradbookVersion: "0.1.0",
                           notebook: ResultsFile.NotebookInfo(title: "t", description: nil, path: "n.yaml", sha256: "00"),
                           run: ResultsFile.RunInfo(date: "d", command: "gradbook run n.yaml", jobs: 2, cores: 2, wallSeconds: 1.5,
                                                    incomplete: runs % 5 > 0,
                                                    missing: (0..<(runs % 5)).map { index in
                                                        ResultsFile.MissingRun(experiment: "exp0", variant: "m\(index)",
                                                                               label: index % 2 == 0 ? "lr=0.1 \"q\"\n\t é" : "m",
                                                                               seed: index, fold: index % 3 == 1 ? 2 : nil,
                                                                               owner: index % 2 == 1 ? "array task \(index)" : nil)
                                                    }),
                           experiments: entries)
    }

    @Test(arguments: [(1, 0), (1, 1), (1, 30), (3, 7), (0, 0)])
    func handWrittenSummariesAreJSONEncodersBytes(experiments: Int, runs: Int) throws {
        let file = Self.file(experiments: experiments, runs: runs)
        let reference = String(decoding: try ResultsFile.encoder().encode(file), as: UTF8.self)
        let written = try file.encodedText()
        let first = zip(written.utf8, reference.utf8).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(written == reference, "differs at \(first ?? -1): \(String(decoding: Array(written.utf8.dropFirst(max(0, (first ?? 0) - 80)).prefix(160)), as: UTF8.self))")
    }

    @Test func summariesTheWriterDoesNotSpellGoThroughJSONEncoder() throws {
        var file = Self.file(experiments: 2, runs: 3)
        file.experiments[1].runs[0].label = "bell \u{7}"
        let reference = String(decoding: try ResultsFile.encoder().encode(file), as: UTF8.self)
        #expect(try file.encodedText() == reference)
    }

    /// The report writes results.json into a staged file as it encodes it, a piece at a time
    /// (`write(into:)`); the file must be the same bytes, however small the pieces.
    @Test(arguments: [(1, 30, 1), (3, 7, 200), (2, 3, 1 << 20)])
    func writtenInPiecesTheFileIsTheSameBytes(experiments: Int, runs: Int, spillAt: Int) throws {
        let file = Self.file(experiments: experiments, runs: runs)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("staged-results-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let staged = try StagedFile("\(folder)/results.json")
        try file.write(into: staged, spillAt: spillAt)
        try staged.commitIfChanged()
        let written = try #require(FileManager.default.contents(atPath: "\(folder)/results.json"))
        #expect(Array(written) == (try file.encodedBytes()) + [0x0A])
    }

    @Test func aSummaryTheWriterDoesNotSpellStartsTheStagedFileAgain() throws {
        var file = Self.file(experiments: 2, runs: 40)
        file.experiments[1].runs[30].label = "bell \u{7}"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("staged-results-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let staged = try StagedFile("\(folder)/results.json")
        try file.write(into: staged, spillAt: 1)
        try staged.commitIfChanged()
        let written = try #require(FileManager.default.contents(atPath: "\(folder)/results.json"))
        #expect(Array(written) == Array(try ResultsFile.encoder().encode(file)) + [0x0A])
    }

    /// The report writes a draft, whose summaries are made as they are written: the same bytes
    /// as the file built whole, in memory and in pieces.
    @Test func theDraftWritesTheWholeFilesBytes() throws {
        let notebook = ReportFixture.notebook
        let results = notebook.experiments.map { ExperimentResults(experiment: $0, records: ReportFixture.records) }
        let draft = ResultsDraft(notebook: notebook, results: results, context: ReportFixture.context)
        let whole = ResultsFile(notebook: notebook, results: results, context: ReportFixture.context)
        #expect(whole.experiments.contains { !$0.runs.isEmpty && !$0.variants.isEmpty })
        #expect(draft.stub.experiments.allSatisfy { $0.runs.isEmpty && $0.variants.isEmpty })
        let reference = Array(try ResultsFile.encoder().encode(whole))
        #expect(try draft.encodedBytes() == reference)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("draft-results-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let staged = try StagedFile("\(folder)/results.json")
        try draft.write(into: staged, spillAt: 64)
        try staged.commitIfChanged()
        #expect(FileManager.default.contents(atPath: "\(folder)/results.json").map(Array.init) == reference + [0x0A])
    }
}
