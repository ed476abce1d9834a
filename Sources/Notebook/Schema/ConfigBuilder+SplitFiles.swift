import Core
import Foundation

extension ConfigBuilder {
    /// Fixed held-out files replace a fraction: `validation_csv` (or idx `validation`) beside a
    /// written `validation` fraction is an error, as is `test_csv` beside `test`; each file must
    /// have the training file's columns, checked now against both headers (`file:1:col`).
    func checkSplitFiles(_ config: RunConfig, root: YAMLNode) {
        let dataset = config.dataset
        let node = root["dataset"]
        let fileKey = { (csvKey: String, split: String) -> YAMLNode? in node?[csvKey] ?? node?["idx"]?[split] }
        for (split, hasFile, csvKey) in [("validation", dataset.hasValidationFile, "validation_csv"), ("test", dataset.hasTestFile, "test_csv")] {
            guard hasFile, let fraction = node?[split], !fraction.isNull else { continue }
            let source = node?[csvKey] != nil ? "'dataset.\(csvKey)'" : "'dataset.idx.\(split)'"
            let place = fileKey(csvKey, split).map { " (line \($0.mark.line))" } ?? ""
            sink.error(fraction.mark, "'dataset.\(split)' is a fraction to draw, but \(source)\(place) gives the \(split) rows "
                + "as a file; remove one of them")
        }
        guard let csv = dataset.csv, let columns = catalog.csvColumns(csv) else { return }
        let trainingFile = URL(fileURLWithPath: csv).lastPathComponent
        for (key, path) in [("validation_csv", dataset.validationCSV), ("test_csv", dataset.testCSV)] {
            guard let path, let mark = node?[key]?.mark, let held = catalog.csvColumns(path) else { continue }
            if let (column, message) = HeldOutColumns.firstDifference(training: columns, held: held, trainingFile: trainingFile) {
                sink.error(mark, "'dataset.\(key)': \(URL(fileURLWithPath: path).lastPathComponent):1:\(column): \(message)")
            }
        }
    }
}
