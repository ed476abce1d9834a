// PUBLIC API CONTRACT (the Notebook module fills this in).
import Foundation

public enum NotebookLoader {
    /// Parses, validates and expands a notebook. Throws `NotebookErrors` with every problem found.
    public static func load(path: String, vocabulary: Vocabulary) throws -> NotebookDocument {
        throw NotebookErrors([NotebookDiagnostic(file: path, line: 1, column: 1, message: "notebook loading not implemented yet")])
    }
}
