/// One problem (or remark) in a notebook, located like a compiler diagnostic.
public struct NotebookDiagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// As a compiler grades them: an error refuses the notebook (exit 2); a warning says the
    /// notebook runs, but not quite as written (repeated grid values collapsed, fewer runs than
    /// `count`); a note says something was accepted for compatibility (W&B keys, legacy forms).
    public enum Severity: String, Sendable, Hashable {
        case error, warning, note
    }

    public var file: String
    /// 1-based line and column.
    public var line: Int
    public var column: Int
    public var message: String
    public var severity: Severity

    public init(file: String, line: Int, column: Int, message: String, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.severity = severity
    }

    public var description: String { "\(file):\(line):\(column): \(severity.rawValue): \(message)" }
}

/// Every problem found in one pass over a notebook.
public struct NotebookErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [NotebookDiagnostic]
    public init(_ diagnostics: [NotebookDiagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
