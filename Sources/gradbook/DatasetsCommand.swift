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

    func run() throws {
        guard let csv else {
            print(Self.catalogTable(DatasetService.catalog))
            return
        }
        let data = try DatasetService.describe(csv: csv, target: target, features: features.isEmpty ? nil : features,
                                               task: task)
        print("\(data.name): \(data.rows) rows, \(data.inputSize) features, \(data.task.rawValue)"
            + (data.task == .classification ? ", \(data.classes.count) classes" : ""))
        print("features: \(Self.abbreviated(data.features))")
        if !data.classes.isEmpty { print("classes: \(Self.abbreviated(data.classes))") }
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
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        let numeric: Set<Int> = [2, 3, 4]
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
