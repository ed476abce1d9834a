import CYAML

/// Builds a `YAMLNode` tree from libyaml's event stream, keeping the 1-based position of every
/// key and value. Aliases are expanded in place (bounded, so a "billion laughs" file is refused
/// after a few thousand events instead of exhausting memory), `<<` merge keys are applied and
/// duplicate keys are reported. Problems are returned as diagnostics, never thrown mid-way, so a
/// caller can report every duplicate key at once.
public struct YAMLParser {
    /// Upper bound on nodes after alias expansion. A few-MB notebook has well under a million
    /// nodes; the classic billion-laughs file expands to 10^9.
    public static let defaultExpansionLimit = 4_000_000
    /// Upper bound on nested lists and mappings. A notebook nests a handful of levels; deeper input
    /// is refused where it crosses the bound, before libyaml's per-level bookkeeping makes parsing
    /// quadratic in the depth and before the tree's recursive destruction can overflow the stack
    /// (found while fuzzing the loader: 100,000 nested `[` took 48 s, then overflowed the stack).
    public static let maximumDepth = 200

    public struct Result: Sendable {
        public var root: YAMLNode?
        public var diagnostics: [NotebookDiagnostic]
    }

    let file: String
    let expansionLimit: Int

    public init(file: String, expansionLimit: Int = YAMLParser.defaultExpansionLimit) {
        self.file = file
        self.expansionLimit = expansionLimit
    }

    public func parse(_ bytes: [UInt8]) -> Result {
        if let bad = UTF8Check.firstInvalidByte(in: bytes) {
            let mark = UTF8Check.mark(ofByteOffset: bad, in: bytes)
            return Result(root: nil, diagnostics: [diagnostic(mark, String(format: "invalid UTF-8 byte 0x%02X; notebooks must be UTF-8 text", Int(bytes[bad])))])
        }
        return bytes.withUnsafeBufferPointer { buffer in
            var builder = TreeBuilder(file: file, expansionLimit: expansionLimit)
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                return Result(root: nil, diagnostics: [diagnostic(SourceMark(line: 1, column: 1), "could not initialise the YAML parser")])
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    builder.diagnostics.append(syntaxError(parser, bytes: bytes))
                    return Result(root: nil, diagnostics: builder.diagnostics)
                }
                let done = event.type == YAML_STREAM_END_EVENT
                let keepGoing = builder.consume(event)
                yaml_event_delete(&event)
                if done || !keepGoing { break }
            }
            return Result(root: builder.fatal ? nil : builder.root, diagnostics: builder.diagnostics)
        }
    }

    private func diagnostic(_ mark: SourceMark, _ message: String) -> NotebookDiagnostic {
        NotebookDiagnostic(file: file, line: mark.line, column: mark.column, message: message)
    }

    /// libyaml's problem text, reworded where a person needs more help (tabs).
    private func syntaxError(_ parser: yaml_parser_t, bytes: [UInt8]) -> NotebookDiagnostic {
        let problemMark = SourceMark(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
        if let tab = UTF8Check.indentationTab(onLine: problemMark.line, atOrBefore: problemMark.column, in: bytes) {
            return diagnostic(tab, "tab character in indentation; YAML indents with spaces only")
        }
        let problem = parser.problem.map { String(cString: $0) } ?? "malformed YAML"
        var message = "invalid YAML: \(problem)"
        if let context = parser.context.map({ String(cString: $0) }) {
            message += " (\(context) started at line \(parser.context_mark.line + 1), column \(parser.context_mark.column + 1))"
        }
        return diagnostic(problemMark, message)
    }
}

/// The stack machine that turns events into nodes.
private struct TreeBuilder {
    /// An open collection. Children are appended in place (`stack[last].children.append`), so
    /// a 100k-item list stays linear: moving the array out of an enum payload would copy it.
    struct Frame {
        var isMapping: Bool
        var mark: SourceMark
        var anchor: String?
        /// For mappings, keys and values alternate; they are paired when the mapping ends.
        var children: [YAMLNode] = []
    }

    let file: String
    let expansionLimit: Int
    var stack: [Frame] = []
    var anchors: [String: YAMLNode] = [:]
    var root: YAMLNode?
    var documents = 0
    var expanded = 0
    var fatal = false
    var diagnostics: [NotebookDiagnostic] = []

    init(file: String, expansionLimit: Int) {
        self.file = file
        self.expansionLimit = expansionLimit
    }

    static func mark(_ mark: yaml_mark_t) -> SourceMark {
        SourceMark(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    mutating func fail(_ mark: SourceMark, _ message: String) {
        diagnostics.append(NotebookDiagnostic(file: file, line: mark.line, column: mark.column, message: message))
        fatal = true
    }

    /// Returns false to stop parsing (fatal problem).
    mutating func consume(_ event: yaml_event_t) -> Bool {
        let start = Self.mark(event.start_mark)
        let opens = event.type == YAML_SEQUENCE_START_EVENT || event.type == YAML_MAPPING_START_EVENT
        if opens && stack.count >= YAMLParser.maximumDepth {
            fail(start, "lists and mappings nest more than \(YAMLParser.maximumDepth) levels deep here; a notebook needs a handful")
            return false
        }
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                fail(start, "a notebook is one YAML document; remove the second '---' document")
                return false
            }
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let style: YAMLNode.ScalarStyle
            switch scalar.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE, YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .quoted
            case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE: style = .block
            default: style = .plain
            }
            let node = YAMLNode(kind: .scalar(text, style: style, tag: Self.string(scalar.tag)), mark: start)
            return add(node, anchor: Self.string(scalar.anchor))
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let node = anchors[name] else {
                fail(start, "unknown alias '*\(name)'; define '&\(name)' before using it")
                return false
            }
            // The copy keeps the anchored node's positions: errors point at the definition.
            return add(node, anchor: nil, isAlias: true, at: start)
        case YAML_SEQUENCE_START_EVENT:
            stack.append(Frame(isMapping: false, mark: start, anchor: Self.string(event.data.sequence_start.anchor)))
        case YAML_MAPPING_START_EVENT:
            stack.append(Frame(isMapping: true, mark: start, anchor: Self.string(event.data.mapping_start.anchor)))
        case YAML_SEQUENCE_END_EVENT:
            guard let frame = stack.popLast(), !frame.isMapping else { return false }
            return add(YAMLNode(kind: .sequence(frame.children), mark: frame.mark), anchor: frame.anchor)
        case YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast(), frame.isMapping else { return false }
            let pairs = mergedPairs(frame.children)
            return add(YAMLNode(kind: .mapping(pairs), mark: frame.mark), anchor: frame.anchor)
        default:
            break
        }
        return !fatal
    }

    private mutating func add(_ node: YAMLNode, anchor: String?, isAlias: Bool = false, at aliasMark: SourceMark? = nil) -> Bool {
        expanded = expanded &+ (isAlias ? node.weight : 1)
        if expanded > expansionLimit || node.weight > expansionLimit {
            fail(aliasMark ?? node.mark, "alias expansion exceeds \(expansionLimit) nodes; refusing a possibly malicious (billion laughs) file")
            return false
        }
        if let anchor { anchors[anchor] = node }
        guard !stack.isEmpty else {
            root = node
            return true
        }
        stack[stack.count - 1].children.append(node)
        return true
    }

    private static func isMergeKey(_ node: YAMLNode) -> Bool {
        if case .scalar("<<", .plain, nil) = node.kind { return true }
        return false
    }

    /// Pairs the flat key/value list, reports duplicate keys and applies `<<` merges: explicit
    /// keys win over merged ones, earlier merge sources over later ones, and merged pairs take
    /// the place of the `<<` entry so declaration order (which orders sweeps) stays predictable.
    private mutating func mergedPairs(_ entries: [YAMLNode]) -> [YAMLNode.Pair] {
        var raw: [YAMLNode.Pair] = []
        var index = 0
        while index + 1 < entries.count {
            raw.append(YAMLNode.Pair(key: entries[index], value: entries[index + 1]))
            index += 2
        }
        var explicit: [YAMLNode.Identity: SourceMark] = [:]
        var hasMerge = false
        for pair in raw {
            if Self.isMergeKey(pair.key) { hasMerge = true; continue }
            if let first = explicit[pair.key.identity] {
                let name = pair.key.scalarText.map { "'\($0)'" } ?? "key"
                diagnostics.append(NotebookDiagnostic(file: file, line: pair.key.mark.line, column: pair.key.mark.column,
                                                      message: "duplicate key \(name) (first defined at line \(first.line), column \(first.column))"))
            } else {
                explicit[pair.key.identity] = pair.key.mark
            }
        }
        guard hasMerge else { return dedupe(raw) }
        var result: [YAMLNode.Pair] = []
        var seen = Set<YAMLNode.Identity>()
        for pair in raw {
            guard Self.isMergeKey(pair.key) else {
                if seen.insert(pair.key.identity).inserted { result.append(pair) }
                continue
            }
            let sources: [YAMLNode]
            switch pair.value.kind {
            case .mapping: sources = [pair.value]
            case .sequence(let items) where items.allSatisfy({ $0.pairs != nil }): sources = items
            default:
                diagnostics.append(NotebookDiagnostic(file: file, line: pair.value.mark.line, column: pair.value.mark.column,
                                                      message: "the value of a '<<' merge key must be a mapping or a list of mappings"))
                continue
            }
            for source in sources {
                for merged in source.pairs ?? [] where explicit[merged.key.identity] == nil {
                    if seen.insert(merged.key.identity).inserted { result.append(merged) }
                }
            }
        }
        return result
    }

    /// With duplicates already reported, keep the first occurrence of each key.
    private func dedupe(_ pairs: [YAMLNode.Pair]) -> [YAMLNode.Pair] {
        var seen = Set<YAMLNode.Identity>()
        return pairs.filter { seen.insert($0.key.identity).inserted }
    }
}
