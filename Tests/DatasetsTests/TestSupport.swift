import Backprop
import Foundation
import Testing
@testable import Datasets

/// Files a test writes, in a private temporary folder that is removed when the test's suite
/// instance goes away (Swift Testing makes one instance per test).
final class TemporaryFiles: Sendable {
    let folder: URL

    init() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradbook-datasets-\(UUID().uuidString)")
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Writes `text` to `name` in a fresh subfolder (so names may repeat) and returns its path.
    func write(_ text: String, name: String = "data.csv") throws -> String {
        try write(Data(text.utf8), name: name)
    }

    func write(_ data: Data, name: String) throws -> String {
        let subfolder = folder.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: subfolder, withIntermediateDirectories: true)
        let url = subfolder.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }
}

/// The whole data set, unsplit and unnormalised, rows in file order.
func loadWhole(_ spec: DatasetSpec) throws -> PreparedDataset {
    var spec = spec
    spec.validation = 0
    spec.test = 0
    spec.normalization = .none
    return try DatasetLoader.load(spec)
}

/// The error `load` throws, or nil when it loads.
func loadError(_ spec: DatasetSpec) -> DatasetError? {
    do {
        _ = try DatasetLoader.load(spec)
        return nil
    } catch let error as DatasetError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}

func labels(_ data: LabeledData) -> [Int32] {
    if case .classes(let labels, _) = data.targets { return labels }
    Issue.record("expected class targets")
    return []
}

func values(_ data: LabeledData) -> Matrix {
    if case .values(let matrix) = data.targets { return matrix }
    Issue.record("expected value targets")
    return Matrix(rows: 0, columns: 0)
}

func classCounts(_ data: LabeledData, classes: Int) -> [Int] {
    var counts = [Int](repeating: 0, count: classes)
    for label in labels(data) { counts[Int(label)] += 1 }
    return counts
}
