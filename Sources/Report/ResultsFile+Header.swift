import Foundation
import Notebook

extension ResultsFile {
    /// What the index and `gradbook report` read back from an earlier results.json: the notebook,
    /// the run's facts and each experiment's best variant. Decoding only these leaves the variant
    /// and run lists (100,000 entries in a large sweep) unbuilt, and reads format 1 files as well.
    public struct Header: Decodable, Sendable {
        public struct Experiment: Decodable, Sendable {
            public var name: String
            public var metric: RunConfig.Metric
            public var best: VariantSummary?
        }

        public var formatVersion: Int
        public var notebook: NotebookInfo
        public var run: RunInfo
        public var report: String
        public var experiments: [Experiment]

        enum CodingKeys: String, CodingKey {
            case formatVersion = "format_version", notebook, run, report, experiments
        }
    }

    public static func loadHeader(path: String) throws -> Header {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ReportError("cannot read \(path): \(error.localizedDescription)")
        }
        do { return try decoder().decode(Header.self, from: data) } catch {
            throw ReportError("\(path) is not a gradbook results file: \(error)")
        }
    }
}
