import Core
import Foundation
import Notebook
import Records

/// `results.csv`: one row per run, flat, for spreadsheets and pandas (RFC 4180 quoting, CRLF).
enum CSVTable {
    static let fixedColumns = ["experiment", "variant", "label", "seed", "status", "epochs", "seconds"]

    static func render(notebook: NotebookDocument, records: [RunRecord]) -> String {
        let order = notebook.experiments.map(\.name)
        let sorted = records.sorted { lhs, rhs in
            let (a, b) = (order.firstIndex(of: lhs.experiment) ?? order.count, order.firstIndex(of: rhs.experiment) ?? order.count)
            return (a, lhs.experiment, lhs.label, lhs.seed, lhs.fold ?? 0, lhs.variant) < (b, rhs.experiment, rhs.label, rhs.seed, rhs.fold ?? 0, rhs.variant)
        }
        var parameters: [String] = []
        for name in notebook.experiments.flatMap({ $0.parameters.map(\.name) }) + sorted.flatMap({ $0.parameters.keys.sorted() })
        where !parameters.contains(name) {
            parameters.append(name)
        }
        let metrics = MetricOrder.sorted(sorted.flatMap { $0.finalMetrics.keys })
        // `fold` follows `seed` when some run was cross-validated; files without folds keep their columns.
        let hasFolds = sorted.contains { $0.fold != nil }
        var fixed = fixedColumns
        if hasFolds { fixed.insert("fold", at: fixed.firstIndex(of: "seed")! + 1) }
        // One text, each line appended with its CRLF: a list of line strings joined at the end
        // held the table about four times over (a 100,000-run table is ~30 MB).
        var text = (fixed + parameters + metrics).map(quote).joined(separator: ",") + "\r\n"
        for record in sorted {
            var cells = [record.experiment, record.variant, record.label, String(record.seed)]
            if hasFolds { cells.append(record.fold.map(String.init) ?? "") }
            cells += [record.status.rawValue, String(record.epochCount), number(record.seconds)]
            cells += parameters.map { record.parameters[$0]?.csvText ?? "" }
            cells += metrics.map { record.finalMetrics[$0].map(number) ?? "" }
            text += cells.map(quote).joined(separator: ",")
            text += "\r\n"
        }
        return text
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
