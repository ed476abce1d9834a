import Foundation
import Notebook
import Records

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

    /// The lists are cut from the bytes before decoding (`JSONListPruning`): JSONDecoder would
    /// otherwise build the whole file as a tree of values before it skips them.
    public static func loadHeader(path: String) throws -> Header {
        guard let bytes = FileBytes.read(path) else {
            throw ReportError("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        let header = JSONListPruning.pruning(bytes, container: "experiments", keys: ["runs", "variants"]) ?? bytes
        do { return try decoder().decode(Header.self, from: Data(header)) } catch {
            throw ReportError("\(path) is not a gradbook results file: \(error)")
        }
    }
}
