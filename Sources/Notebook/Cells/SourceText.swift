/// The notebook's text by lines of Unicode scalars (libyaml's columns count scalars), so a
/// position inside a string value (an inline value in a markdown cell) can be found in the file
/// whatever the string's YAML style: plain, quoted, literal `|` or folded `>`.
struct SourceText {
    private let lines: [[Unicode.Scalar]]

    init(_ bytes: [UInt8]) {
        var lines: [[Unicode.Scalar]] = [[]]
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if scalar == "\n" { lines.append([]) } else { lines[lines.count - 1].append(scalar) }
        }
        self.lines = lines
    }

    /// Where scalar `offset` of the string `value` is written, the string's node starting at
    /// `start`. A string's text differs from its source (indentation, folded line breaks, escapes),
    /// but an inline value's `{{` is written as is: the `ordinal`-th `{{` of the value is the
    /// `ordinal`-th `{{` of the source after `start`. Inside the reference the source is read
    /// directly when it matches the value (a reference on one line, no escapes); otherwise the
    /// position of its `{{` is the best one can say.
    func mark(ofReference ordinal: Int, referenceText: [Unicode.Scalar], offsetInReference: Int, from start: SourceMark) -> SourceMark {
        guard let anchor = openingBraces(after: start, ordinal: ordinal) else { return start }
        let line = lines[anchor.line - 1]
        let from = anchor.column - 1
        let end = from + referenceText.count
        if end <= line.count, Array(line[from..<end]) == referenceText {
            return SourceMark(line: anchor.line, column: anchor.column + offsetInReference)
        }
        return anchor
    }

    private func openingBraces(after start: SourceMark, ordinal: Int) -> SourceMark? {
        var seen = 0
        var lineIndex = start.line - 1
        var column = max(0, start.column - 1)
        while lineIndex < lines.count {
            let line = lines[lineIndex]
            while column + 1 < line.count {
                if line[column] == "{" && line[column + 1] == "{" {
                    if seen == ordinal { return SourceMark(line: lineIndex + 1, column: column + 1) }
                    seen += 1
                    column += 2
                } else {
                    column += 1
                }
            }
            lineIndex += 1
            column = 0
        }
        return nil
    }
}
