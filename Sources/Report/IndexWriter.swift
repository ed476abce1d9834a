import Core
import Records
import Foundation

/// One notebook's line in the index: its title, its report, and each experiment's best result.
public struct IndexEntry: Sendable {
    public struct Best: Sendable {
        public var experiment: String
        public var metric: String
        public var label: String?
        public var mean: Double?
        public var std: Double?
        public var n: Int

        public init(experiment: String, metric: String, label: String?, mean: Double?, std: Double?, n: Int) {
            self.experiment = experiment
            self.metric = metric
            self.label = label
            self.mean = mean
            self.std = std
            self.n = n
        }
    }

    public var title: String
    /// Relative to the index: `quickstart/report.md`.
    public var reportPath: String
    public var incomplete: Bool
    public var experiments: [Best]

    public init(title: String, reportPath: String, incomplete: Bool = false, experiments: [Best]) {
        self.title = title
        self.reportPath = reportPath
        self.incomplete = incomplete
        self.experiments = experiments
    }

    /// The entry of the notebook whose output folder is `folder` (relative to the index folder).
    public init(results: ResultsFile.Header, folder: String) {
        title = results.notebook.title
        reportPath = "\(folder)/\(results.report)"
        incomplete = results.run.incomplete
        experiments = results.experiments.map { experiment in
            Best(experiment: experiment.name, metric: experiment.metric.name, label: experiment.best?.label,
                 mean: experiment.best?.metricMean, std: experiment.best?.metricStd, n: experiment.best?.n ?? 0)
        }
    }
}

/// `DIR/README.md`: a table of every notebook report under DIR.
public enum IndexWriter {
    /// Reads every `DIR/*/results.json` and writes the index; returns how many notebooks it lists.
    @discardableResult
    public static func write(directory: String) throws -> Int {
        let folders: [String]
        do { folders = try FileManager.default.contentsOfDirectory(atPath: directory).sorted() } catch {
            throw ReportError("cannot list \(directory): \(error.localizedDescription)")
        }
        let entries = folders.compactMap { folder -> IndexEntry? in
            let path = "\(directory)/\(folder)/results.json"
            guard FileManager.default.fileExists(atPath: path), let results = try? ResultsFile.loadHeader(path: path) else { return nil }
            return IndexEntry(results: results, folder: folder)
        }
        try write(directory: directory, entries: entries)
        return entries.count
    }

    /// As `write(directory:)`, but leaves a README.md alone that gradbook did not write, so an
    /// output folder that is also someone's project folder keeps its own README.
    @discardableResult
    public static func refresh(directory: String) throws -> Int {
        let path = "\(directory)/README.md"
        if let existing = try? String(contentsOfFile: path, encoding: .utf8), !existing.hasPrefix(heading) { return 0 }
        return try write(directory: directory)
    }

    static let heading = "# gradbook reports"

    public static func write(directory: String, entries: [IndexEntry]) throws {
        try AtomicFile.write(markdown(entries), to: "\(directory)/README.md")
    }

    static func markdown(_ entries: [IndexEntry]) -> String {
        var table = MarkdownTable(headers: ["notebook", "experiment", "best variant", "metric"])
        for entry in entries {
            let link = "[\(entry.title.replacingOccurrences(of: "]", with: "\\]"))](\(entry.reportPath))"
                + (entry.incomplete ? " (incomplete)" : "")
            if entry.experiments.isEmpty { table.append([link, "–", "–", "–"]) }
            for (index, best) in entry.experiments.enumerated() {
                let value = best.mean.map { "\(best.metric) \(ReadableNumber.meanStd($0, best.std)) (n=\(best.n))" }
                    ?? "\(best.metric): no finished run"
                table.append([index == 0 ? link : "", "`\(best.experiment)`", best.label ?? "–", value])
            }
        }
        let count = entries.count
        return "\(heading)\n\n\(count) \(count == 1 ? "notebook" : "notebooks"); each report links its charts, "
            + "results.csv and results.json.\n\n" + table.rendered + "\n"
    }
}
