// PUBLIC API CONTRACT (the Report module fills this in).
import Foundation
import Notebook

/// Facts about the sweep that the report's metadata section states.
public struct ReportContext: Sendable {
    public var command: String
    public var jobs: Int
    public var cores: Int
    public var wallSeconds: Double
    public var date: String
    /// True when the sweep was interrupted or shards are still missing.
    public var incomplete: Bool
    /// Variants without a record, with who owned them (e.g. "array task 2"), if known.
    public var missing: [(variant: Variant, owner: String?)]

    public init(command: String, jobs: Int, cores: Int, wallSeconds: Double, date: String,
                incomplete: Bool = false, missing: [(variant: Variant, owner: String?)] = []) {
        self.command = command
        self.jobs = jobs
        self.cores = cores
        self.wallSeconds = wallSeconds
        self.date = date
        self.incomplete = incomplete
        self.missing = missing
    }
}

public enum ReportWriter {
    /// Writes report.md, report.ipynb, results.csv, results.json and charts/*.png into `directory`
    /// (the notebook's output folder, which holds runs/). Every file is written atomically.
    public static func write(notebook: NotebookDocument, records: [RunRecord], directory: String,
                             context: ReportContext) throws {
        throw ReportError("report writing not implemented yet")
    }
}

public struct ReportError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
