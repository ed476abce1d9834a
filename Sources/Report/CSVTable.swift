import Core
import Foundation
import Notebook
import Records

/// `results.csv`: one row per run, flat, for spreadsheets and pandas (RFC 4180 quoting, CRLF).
enum CSVTable {
    static let fixedColumns = ["experiment", "variant", "label", "seed", "status", "epochs", "seconds"]

    /// The whole table as one text (tests, and small reports).
    static func render(notebook: NotebookDocument, records: [RunRecord]) -> String {
        var bytes: [UInt8] = []
        write(notebook: notebook, records: records, spillAt: .max) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The table's bytes handed to `spill` in pieces of at least `spillAt` bytes, then the rest:
    /// at 100,000 runs the table is ~30 MB, and building it as one text (then copying it to bytes)
    /// made the end of the report its peak memory.
    static func write(notebook: NotebookDocument, records: [RunRecord], spillAt: Int = 1 << 20,
                      spill: ([UInt8]) throws -> Void) rethrows {
        let order = notebook.experiments.map(\.name)
        let sorted = records.sorted { lhs, rhs in
            let (a, b) = (order.firstIndex(of: lhs.experiment) ?? order.count, order.firstIndex(of: rhs.experiment) ?? order.count)
            return (a, lhs.experiment, lhs.label, lhs.seed, lhs.fold ?? 0, lhs.variant) < (b, rhs.experiment, rhs.label, rhs.seed, rhs.fold ?? 0, rhs.variant)
        }
        let parameters = parameterColumns(notebook: notebook, sorted: sorted)
        var metricNames = Set<String>()
        for record in sorted { metricNames.formUnion(record.finalMetrics.keys) }
        let metrics = MetricOrder.sorted(metricNames)
        // `fold` follows `seed` when some run was cross-validated; files without folds keep their columns.
        let hasFolds = sorted.contains { $0.fold != nil }
        var fixed = fixedColumns
        if hasFolds { fixed.insert("fold", at: fixed.firstIndex(of: "seed")! + 1) }
        var piece: [UInt8] = []
        piece.reserveCapacity(min(spillAt, 1 << 20) + 4096)
        func line(_ cells: [String]) {
            for (index, cell) in cells.enumerated() {
                if index > 0 { piece.append(UInt8(ascii: ",")) }
                piece += quote(cell).utf8
            }
            piece += [0x0D, 0x0A]
        }
        line(fixed + parameters + metrics)
        for record in sorted {
            var cells = [record.experiment, record.variant, record.label, String(record.seed)]
            if hasFolds { cells.append(record.fold.map(String.init) ?? "") }
            cells += [record.status.rawValue, String(record.epochCount), number(record.seconds)]
            cells += parameters.map { record.parameters[$0]?.csvText ?? "" }
            cells += metrics.map { record.finalMetrics[$0].map(number) ?? "" }
            line(cells)
            if piece.count >= spillAt {
                try spill(piece)
                piece.removeAll(keepingCapacity: true)
            }
        }
        try spill(piece)
    }

    /// The declared parameters in order, then any other a record holds, in order of first sight
    /// (each record's own names sorted).
    private static func parameterColumns(notebook: NotebookDocument, sorted: [RunRecord]) -> [String] {
        var columns: [String] = []
        var seen = Set<String>()
        func add(_ name: String) { if seen.insert(name).inserted { columns.append(name) } }
        notebook.experiments.flatMap { $0.parameters.map(\.name) }.forEach(add)
        for record in sorted where !record.parameters.keys.allSatisfy(seen.contains) {
            record.parameters.keys.sorted().forEach(add)
        }
        return columns
    }

    /// Quotes a field when it holds a comma, a quote or a line break; quotes inside are doubled.
    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The shortest text that reads back as the same double; NaN and infinities as pandas reads them.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
