// results.json's header read without its per-run lists (JSONListPruning + ResultsFile.loadHeader).
import Foundation
import Records
import Testing
@testable import Report

@Suite struct ResultsHeaderTests {
    private static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func onlyTheNamedListsOfTheContainersElementsAreEmptied() throws {
        let text = """
        {"experiments": [{"best": {"runs": ["a", "b"]}, "name": "x", "runs": [{"v": 1}, {"v": [2, 3]}],
          "variants" : [ "p", {"q": "}\\"]"} ]}, 7, {"name": "y", "runs": []}],
         "runs": [1, 2], "name": "top"}
        """
        let pruned = try #require(JSONListPruning.pruning(Self.bytes(text), container: "experiments", keys: ["runs", "variants"]))
        let expected = """
        {"experiments": [{"best": {"runs": ["a", "b"]}, "name": "x", "runs": [],
          "variants" : []}, 7, {"name": "y", "runs": []}],
         "runs": [1, 2], "name": "top"}
        """
        #expect(String(decoding: pruned, as: UTF8.self) == expected)
    }

    @Test func bytesItCannotReadGiveNilAndBytesWithoutListsComeBackUnchanged() {
        #expect(JSONListPruning.pruning(Self.bytes("{\"experiments\": [{\"runs\": [1,]}]}"), container: "experiments", keys: ["runs"]) == nil)
        #expect(JSONListPruning.pruning(Self.bytes("{\"a\": 1} x"), container: "experiments", keys: ["runs"]) == nil)
        let plain = Self.bytes("{\"experiments\": [{\"name\": \"x\"}], \"run\": {}}")
        #expect(JSONListPruning.pruning(plain, container: "experiments", keys: ["runs"]) == plain)
    }

    /// The file read a megabyte at a time is cut to the same bytes as the file read whole.
    @Test func theStreamingCutOfAFileEqualsTheCutInMemory() throws {
        let directory = try ReportFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = "\(directory)/results.json"
        let text = """
        {"experiments": [{"best": {"runs": ["a", "b"]}, "name": "x\\\"", "runs": [{"v": 1}, {"v": [2, 3]}],
          "variants" : [ "p", {"q": "}\\"]"} ]}, 7, {"name": "y", "runs": []}],
         "runs": [1, 2], "name": "top"}\n
        """
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let expected = try #require(JSONListPruning.pruning(Self.bytes(text), container: "experiments", keys: ["runs", "variants"]))
        #expect(JSONListPruning.pruning(path: path, container: "experiments", keys: ["runs", "variants"]) == expected)

        try ReportWriter.write(notebook: ReportFixture.notebook, records: ReportFixture.records, directory: directory,
                               context: ReportFixture.context, charts: ReportFixture.fixedCharts)
        let whole = try #require(FileBytes.read(path))
        let inMemory = try #require(JSONListPruning.pruning(whole, container: "experiments", keys: ["runs", "variants"]))
        #expect(JSONListPruning.pruning(path: path, container: "experiments", keys: ["runs", "variants"]) == inMemory)
    }

    /// Unbalanced brackets, an open string, bytes after the value, a cut member that is not a
    /// list, or a key spelt with an escape (matched by bytes, it could be `runs`) give nil: the
    /// header reader then reads the file whole and cuts it in memory, or lets JSONDecoder say why.
    @Test func theStreamingCutRefusesWhatIsNotBalancedJSON() throws {
        let directory = try ReportFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = "\(directory)/broken.json"
        for text in ["{\"experiments\": [{\"runs\": [1, 2}]}", "{\"experiments\": [{\"name\": \"x}]}",
                     "{\"a\": 1} x", "{\"experiments\": [{\"runs\": 3}]}", "{\"experiments\": [", "",
                     "{\"experiments\": [{\"ru\\u006es\": [1]}]}", "{\"experiments\": [{\"ru\\\"ns\": [1]}]}"] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            #expect(JSONListPruning.pruning(path: path, container: "experiments", keys: ["runs"]) == nil, "\(text)")
        }
        #expect(JSONListPruning.pruning(path: "\(directory)/missing.json", container: "experiments", keys: ["runs"]) == nil)
    }

    /// The header read from the pruned bytes equals the header decoded from the whole file.
    @Test func theHeaderEqualsTheOneDecodedFromTheWholeFile() throws {
        let directory = try ReportFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try ReportWriter.write(notebook: ReportFixture.notebook, records: ReportFixture.records, directory: directory,
                               context: ReportFixture.context, charts: ReportFixture.fixedCharts)
        let path = "\(directory)/results.json"
        let header = try ResultsFile.loadHeader(path: path)
        let whole = try ResultsFile.decoder().decode(ResultsFile.Header.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(header.formatVersion == whole.formatVersion && header.report == whole.report)
        #expect(header.run.command == whole.run.command && header.run.wallSeconds == whole.run.wallSeconds)
        #expect(header.experiments.map(\.name) == whole.experiments.map(\.name))
        #expect(header.experiments.map { $0.best?.label } == whole.experiments.map { $0.best?.label })
        #expect(header.experiments.map { $0.best?.runs } == whole.experiments.map { $0.best?.runs })
        #expect(!header.experiments.isEmpty)
        let wholeBytes = try #require(FileBytes.read(path))
        let pruned = try #require(JSONListPruning.pruning(wholeBytes, container: "experiments", keys: ["runs", "variants"]))
        #expect(pruned.count < wholeBytes.count)
        #expect(throws: ReportError.self) { try ResultsFile.loadHeader(path: "\(directory)/missing.json") }
    }
}
