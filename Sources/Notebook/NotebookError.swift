/// One problem in a notebook, located like a compiler diagnostic.
public struct NotebookDiagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line and column.
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): error: \(message)" }
}

/// Every problem found in one pass over a notebook.
public struct NotebookErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [NotebookDiagnostic]
    public init(_ diagnostics: [NotebookDiagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
