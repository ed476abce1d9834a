import App
import ArgumentParser
import Core
import Datasets

/// `gradbook datasets`: the catalog as a table, or (`--csv`) a check of the user's own file with
/// the shape, task and classes gradbook would train on.
struct DatasetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "List the built-in and shipped data sets, or check a CSV file.",
        discussion: """
            Generated sets take `samples`, `noise` (and `classes` for spirals and blobs, `dimensions` for \
            blobs and friedman1); the table shows their defaults. Shipped sets are read from \
            experiments/data/ (or $GRADBOOK_DATA). Exit status 2 for a CSV file that cannot be used or \
            an invalid option, 0 otherwise.
            """)

    @Option(help: "Load this CSV file and describe it instead of listing the catalog.")
    var csv: String?

    @Option(help: "The column to predict (with --csv).")
    var target: String?

    @Option(parsing: .upToNextOption, help: "Feature columns to use (with --csv; default: all but the target).")
    var features: [String] = []

    @Option(help: "classification or regression (with --csv; default: inferred from the target).")
    var task: LearningTask?

    @Option(help: "What missing cells do (with --csv): error, drop or impute, as `dataset.missing`.")
    var missing: MissingPolicy = .error

    @Option(parsing: .upToNextOption, help: "Columns to one-hot encode whatever their values (with --csv).")
    var categorical: [String] = []

    func run() throws {
        guard let csv else {
            print(Self.catalogTable(DatasetService.catalog))
            return
        }
        let check = try DatasetService.check(.init(csv: csv, target: target, features: features.isEmpty ? nil : features,
                                                   task: task, missing: missing, categorical: categorical))
        let columnTable = Self.table(header: ["column", "kind", "distinct", "missing", "gradbook will"],
                                     rows: check.columns.map { [$0.name, $0.kind, String($0.distinct), String($0.missing), $0.action] },
                                     numeric: [2, 3])
        let data: DatasetService.Description
        switch check.loaded {
        case .success(let loaded): data = loaded
        case .failure(let problem):
            // The columns show what to change (`--missing`, `--features`) before the error.
            print(columnTable)
            throw problem
        }
        print("\(data.name): \(data.rows) rows, \(data.inputSize) features, \(data.task.rawValue)"
            + (data.task == .classification ? ", \(data.classes.count) classes" : ""))
        print("features: \(Self.abbreviated(data.features))")
        if !data.classes.isEmpty { print("classes: \(Self.abbreviated(data.classes))") }
        if let summary = data.preparation, summary.rowsKept < summary.rowsRead {
            print("rows: \(summary.rowsRead) read, \(summary.droppedForMissingTarget) dropped for a missing target, "
                + "\(summary.droppedForMissingFeature) for a missing feature")
        }
        print("")
        print(columnTable)
        print("")
        print("loaded in \(String(format: "%.3f", data.loadSeconds)) s")
    }

    static func abbreviated(_ names: [String]) -> String {
        names.count <= 12 ? names.joined(separator: ", ")
            : (names.prefix(10) + ["... (\(names.count - 10) more)"]).joined(separator: ", ")
    }

    static func catalogTable(_ entries: [DatasetInfo]) -> String {
        let header = ["name", "task", "samples", "features", "classes/outputs", "source"]
        let rows = entries.map { info in
            [info.name, info.task.rawValue, String(info.samples), String(info.features), String(info.outputs), info.source]
        }
        return table(header: header, rows: rows, numeric: [2, 3, 4])
    }

    /// Aligned columns, numbers right-aligned, the last column left ragged.
    static func table(header: [String], rows: [[String]], numeric: Set<Int>) -> String {
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                if column == cells.count - 1 { return cell }
                return numeric.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}

extension LearningTask: ExpressibleByArgument {}
extension MissingPolicy: ExpressibleByArgument {}
