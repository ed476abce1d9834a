import Core
import Foundation
import Notebook
import Search

/// The shipped data sets' catalogue as the CLI injects it (Notebook tests may not import
/// Datasets, so it is restated here; the CLI tests check the real injection).
let testCatalog = DatasetCatalog(
    tasks: ["xor": .classification, "moons": .classification, "circles": .classification,
            "spirals": .classification, "blobs": .classification, "checkerboard": .classification,
            "sine": .regression, "friedman1": .regression, "digits": .classification],
    shapes: ["moons": (1000, 2, 2), "digits": (1797, 64, 10), "sine": (500, 1, 1), "spirals": (900, 2, 3)],
    // A plain comma split of the first line stands in for the CSV header reader.
    csvColumns: { path in
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    })

enum Fixtures {
    /// The copied resource folder, falling back to the source tree (both work from any cwd).
    static let directory: URL = {
        if let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) { return url }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }()

    static func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    static func files(in folder: String) -> [String] {
        let url = directory.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { url.appendingPathComponent($0).path }
    }
}

/// Loads YAML text as if it were a file in the fixtures folder (so relative data paths resolve).
func loadText(_ text: String, name: String = "inline.yaml") throws -> NotebookDocument {
    try NotebookLoader.load(bytes: Array(text.utf8), path: Fixtures.path(name), catalog: testCatalog)
}

/// The diagnostics of a notebook that must fail, as `line:column: message` strings.
func problems(_ text: String, name: String = "inline.yaml") -> [String] {
    do {
        _ = try loadText(text, name: name)
        return []
    } catch let errors as NotebookErrors {
        return errors.diagnostics.map { "\($0.line):\($0.column): \($0.message)" }
    } catch {
        return ["unexpected error \(error)"]
    }
}

func problems(file: String) -> [String] {
    do {
        _ = try NotebookLoader.load(path: file, catalog: testCatalog)
        return []
    } catch let errors as NotebookErrors {
        return errors.diagnostics.map { "\($0.line):\($0.column): \($0.message)" }
    } catch {
        return ["unexpected error \(error)"]
    }
}
