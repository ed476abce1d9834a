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

    /// The lists are cut from the bytes as the file is read (`JSONListPruning`): JSONDecoder would
    /// otherwise build the whole file as a tree of values before it skips them, and the file
    /// itself is most of a large sweep's report memory.
    public static func loadHeader(path: String) throws -> Header {
        let lists: Set<String> = ["runs", "variants"]
        let header: [UInt8]
        if let pruned = JSONListPruning.pruning(path: path, container: "experiments", keys: lists) {
            header = pruned
        } else {
            // Not a file the streaming cut reads: the whole file, cut in memory or decoded whole,
            // so that a broken file gets JSONDecoder's message.
            guard let bytes = FileBytes.read(path) else {
                throw ReportError("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            header = JSONListPruning.pruning(bytes, container: "experiments", keys: lists) ?? bytes
        }
        do { return try decoder().decode(Header.self, from: Data(header)) } catch {
            throw ReportError("\(path) is not a gradbook results file: \(error)")
        }
    }
}
