/// A 1-based source position (line, column in characters), as diagnostics print it.
public struct SourceMark: Sendable, Hashable, Comparable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public static func < (a: SourceMark, b: SourceMark) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// A parsed YAML node that remembers where it was written. Aliases are already expanded and
/// `<<` merge keys already applied, so consumers see plain mappings, sequences and scalars.
public struct YAMLNode: Sendable, Hashable {
    public enum ScalarStyle: Sendable, Hashable { case plain, quoted, block }

    public struct Pair: Sendable, Hashable {
        public var key: YAMLNode
        public var value: YAMLNode
        public init(key: YAMLNode, value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }

    public indirect enum Kind: Sendable, Hashable {
        /// `tag` is the explicit tag (`!!str`, ...) when one was written.
        case scalar(String, style: ScalarStyle, tag: String?)
        case sequence([YAMLNode])
        case mapping([Pair])
    }

    public var kind: Kind
    public var mark: SourceMark
    /// Nodes in this subtree after alias expansion: the measure the alias bound is checked against.
    public var weight: Int

    public init(kind: Kind, mark: SourceMark) {
        self.kind = kind
        self.mark = mark
        switch kind {
        case .scalar: weight = 1
        case .sequence(let items): weight = items.reduce(1) { $0 &+ $1.weight }
        case .mapping(let pairs): weight = pairs.reduce(1) { $0 &+ $1.key.weight &+ $1.value.weight }
        }
    }

    public static func scalar(_ text: String, at mark: SourceMark, style: ScalarStyle = .plain) -> YAMLNode {
        YAMLNode(kind: .scalar(text, style: style, tag: nil), mark: mark)
    }

    /// The text of a scalar node, nil for collections.
    public var scalarText: String? {
        if case .scalar(let text, _, _) = kind { return text }
        return nil
    }

    public var pairs: [Pair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    public var items: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// The value of `key` in a mapping node.
    public subscript(key: String) -> YAMLNode? {
        pairs?.first(where: { $0.key.scalarText == key })?.value
    }

    /// A short name of the node's shape for messages: "a mapping", "a list", "a string".
    public var shapeDescription: String {
        switch kind {
        case .scalar: return "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

extension YAMLNode {
    /// What makes two mapping keys "the same key": scalars compare by text whatever their quoting.
    public enum Identity: Hashable, Sendable {
        case text(String)
        case structure(Kind)
    }

    public var identity: Identity {
        if case .scalar(let text, _, _) = kind { return .text(text) }
        return .structure(kind)
    }
}
