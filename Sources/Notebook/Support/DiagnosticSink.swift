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

    /// Warnings and notes: they never refuse the notebook, so they are kept apart from `count`.
    private(set) var remarks: [NotebookDiagnostic] = []
    /// Every call to `error`, reported or not (a repeat at one position is still a problem of the
    /// configuration being built, which must then not be compared with the others).
    private(set) var attempts = 0

    var count: Int { diagnostics.count }

    func error(_ mark: SourceMark, _ message: String) {
        attempts += 1
        if oncePerPosition && seenMarks.contains(mark) { return }
        let diagnostic = NotebookDiagnostic(file: file, line: mark.line, column: mark.column, message: message)
        guard seen.insert(diagnostic).inserted else { return }
        seenMarks.insert(mark)
        diagnostics.append(diagnostic)
    }

    func warning(_ mark: SourceMark, _ message: String) { remark(mark, message, .warning) }
    func note(_ mark: SourceMark, _ message: String) { remark(mark, message, .note) }

    private func remark(_ mark: SourceMark, _ message: String, _ severity: NotebookDiagnostic.Severity) {
        let remark = NotebookDiagnostic(file: file, line: mark.line, column: mark.column, message: message, severity: severity)
        if !remarks.contains(remark) { remarks.append(remark) }
    }

    /// Warnings and notes in source order.
    var sortedRemarks: [NotebookDiagnostic] {
        remarks.enumerated().sorted { a, b in
            (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
        }.map(\.element)
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
