/// Collects every problem of one notebook in source order, without repeats: a bad value shared by
/// a hundred variants is one diagnostic, not a hundred.
final class DiagnosticSink {
    let file: String
    private(set) var diagnostics: [NotebookDiagnostic] = []
    private var seen = Set<NotebookDiagnostic>()
    private var seenMarks = Set<SourceMark>()
    /// While checking sweep variants, one message per position is enough (a random sweep could
    /// otherwise repeat "must be > 0, got ..." with a different value per variant).
    var oncePerPosition = false

    init(file: String) { self.file = file }

    var count: Int { diagnostics.count }

    func error(_ mark: SourceMark, _ message: String) {
        if oncePerPosition && seenMarks.contains(mark) { return }
        let diagnostic = NotebookDiagnostic(file: file, line: mark.line, column: mark.column, message: message)
        guard seen.insert(diagnostic).inserted else { return }
        seenMarks.insert(mark)
        diagnostics.append(diagnostic)
    }

    func append(_ diagnostics: [NotebookDiagnostic]) {
        for diagnostic in diagnostics {
            error(SourceMark(line: diagnostic.line, column: diagnostic.column), diagnostic.message)
        }
    }

    /// Source order, as a compiler prints them.
    var sorted: [NotebookDiagnostic] {
        diagnostics.enumerated().sorted { a, b in
            (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }
}
