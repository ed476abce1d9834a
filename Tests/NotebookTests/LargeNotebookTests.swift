import Foundation
import Search
import Testing
@testable import Notebook

/// Big inputs: a generated multi-megabyte notebook parses and expands, and a billion-laughs
/// file is refused. No timing assertions; the measured figures are printed for the record.
@Suite struct LargeNotebookTests {
    static func generatedNotebook(experiments: Int) -> String {
        var text = "title: Generated large notebook\n"
        text += "x-data: &data {name: moons, n: 300}\n"
        text += "defaults:\n  dataset: *data\n  model: {hidden: [8]}\n  training: {epochs: 2}\ncells:\n"
        let paragraph = String(repeating: "Lorem ipsum dolor sit amet, gradient descent, backpropagation. ", count: 12)
        for index in 0..<experiments {
            text += "  - markdown: |\n      ## Section \(index)\n"
            for _ in 0..<12 { text += "      \(paragraph)\n" }
            text += "  - experiment:\n      name: e\(index)\n      parameters:\n"
            text += "        training.learning_rate: {values: [0.1, 0.01]}\n"
            text += "        model.activation: {values: [relu, tanh]}\n"
        }
        return text
    }

    @Test func multiMegabyteNotebookLoads() throws {
        let text = Self.generatedNotebook(experiments: 400)
        let bytes = Array(text.utf8)
        #expect(bytes.count > 2_500_000)
        let parseStart = Date()
        let parsed = YAMLParser(file: "large.yaml").parse(bytes)
        let parseSeconds = Date().timeIntervalSince(parseStart)
        #expect(parsed.diagnostics.isEmpty)
        let start = Date()
        let document = try loadText(text, name: "large.yaml")
        let seconds = Date().timeIntervalSince(start)
        #expect(document.experiments.count == 400)
        #expect(document.variants.count == 1600)
        print("large notebook: \(bytes.count) bytes; YAML tree \(String(format: "%.1f", parseSeconds * 1000)) ms; full load (400 experiments, 1600 variants) \(String(format: "%.1f", seconds * 1000)) ms")
    }

    @Test func longListsAndWideMappingsBuildInLinearTime() {
        // A quadratic tree builder (copying a collection per appended child) takes minutes here.
        let numbers = (0..<100_000).map { String(Double($0) / 2) }.joined(separator: ", ")
        let keys = (0..<20_000).map { "  k\($0): \($0)" }.joined(separator: "\n")
        let text = "x-numbers: [\(numbers)]\nx-wide:\n\(keys)\ntitle: Wide\ncells: []\n"
        let start = Date()
        let parsed = YAMLParser(file: "wide.yaml").parse(Array(text.utf8))
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.root?["x-numbers"]?.items?.count == 100_000)
        #expect(parsed.root?["x-wide"]?.pairs?.count == 20_000)
        print("100k-item list + 20k-key mapping (\(text.utf8.count) bytes): \(String(format: "%.1f", Date().timeIntervalSince(start) * 1000)) ms")
    }

    @Test func billionLaughsIsRefused() throws {
        let start = Date()
        let problems = problems(file: Fixtures.path("errors/billion-laughs.yaml"))
        let seconds = Date().timeIntervalSince(start)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("alias expansion exceeds") == true)
        print("billion laughs refused in \(String(format: "%.2f", seconds * 1000)) ms")
    }

    @Test func everyNotebookInExperimentsValidates() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("experiments")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        #expect(!names.isEmpty)
        for name in names.sorted() {
            #expect(throws: Never.self, "\(name)") {
                _ = try NotebookLoader.load(path: folder.appendingPathComponent(name).path, catalog: testCatalog)
            }
        }
    }
}
