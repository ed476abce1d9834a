import Foundation
import Notebook

/// What a `compare` cell reads of another notebook's results.json: its summary fields only (each
/// experiment's metric and ranked variants: mean, spread, count, interval), never its runs, so a
/// baseline of 100k runs (or one written summaries-only) reads alike.
struct BaselineResults: Decodable, Sendable {
    struct Variant: Decodable, Sendable {
        var label: String
        var metricMean: Double?
        var metricStd: Double?
        var n: Int
        var ci95: [Double]?
        enum CodingKeys: String, CodingKey { case label, metricMean = "metric_mean", metricStd = "metric_std", n, ci95 }
    }

    struct Entry: Decodable, Sendable {
        var name: String
        var metric: RunConfig.Metric
        var variants: [Variant]
        var best: Variant?
    }

    var experiments: [Entry]

    /// The named experiment, or the only (else first) one when the cell names none.
    func experiment(named name: String?) -> Entry? {
        guard let name else { return experiments.first }
        return experiments.first { $0.name == name }
    }

    static func load(path: String) throws -> BaselineResults {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ReportError("cannot read \(path) (run that notebook first)")
        }
        do { return try ResultsFile.decoder().decode(BaselineResults.self, from: data) } catch {
            throw ReportError("\(path) is not a gradbook results file: \(error)")
        }
    }
}
