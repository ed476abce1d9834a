import Core

/// One configuration key, declared once: where it lives, how a value is read and checked, how it
/// appears in the resolved tree, its label alias and its role. The builder, the resolved tree,
/// bare-name resolution, suggestions, variant identity and the docs' key list all read these.
/// (scikit-learn's `_parameter_constraints` is the model: one declarative table at the edge.)
struct ConfigKey<Root>: Sendable {
    /// Whether a key changes what is trained (and so the variant id) or only how a run is operated.
    enum Role: Sendable {
        /// Data, model, training dynamics, seed: part of the variant id.
        case trained
        /// `timeout`, `save`, the ranking `metric`: changing them retrains nothing.
        case operational
    }

    /// The key's name inside its section (`learning_rate`).
    let name: String
    /// What the docs say it takes (`> 0`, `relu | tanh | ...`).
    let accepts: String
    /// One line for the docs.
    let meaning: String
    let role: Role
    /// The short name in labels (`lr=0.01`), if it differs from `name`.
    let label: String?
    /// The release that added the key. A key added after the first release leaves the variant id
    /// unchanged while it has its default value, so older `runs/` folders resume untouched.
    let since: Int
    /// Bare parameter names other sweep tools use for this key (W&B's `lr`, `num_layers`), resolved
    /// to its dotted path when no key is called that.
    var aliases: [String] = []
    /// Reads the node into the configuration, reporting problems through the context's reader.
    let read: @Sendable (KeyReading, YAMLNode, inout Root) -> Void
    /// The key's value in the resolved tree.
    let resolve: @Sendable (Root) -> ConfigValue

    init(_ name: String, accepts: String, _ meaning: String, role: Role = .trained, label: String? = nil,
         since: Int = 1, read: @escaping @Sendable (KeyReading, YAMLNode, inout Root) -> Void,
         resolve: @escaping @Sendable (Root) -> ConfigValue) {
        self.name = name
        self.accepts = accepts
        self.meaning = meaning
        self.role = role
        self.label = label
        self.since = since
        self.read = read
        self.resolve = resolve
    }
}

/// What reading a key may need besides the node: typed reads with positioned errors, the shipped
/// data sets' names, and the check that a data file exists (relative to the notebook).
struct KeyReading {
    let reader: NodeReader
    let catalog: DatasetCatalog
    /// The absolute path of an existing data file, or nil after reporting that it is missing.
    let dataFile: (String, SourceMark) -> String?
}

extension ConfigKey {
    /// This key, also answering to the bare parameter names `names`.
    func aliased(_ names: String...) -> ConfigKey {
        var key = self
        key.aliases = names
        return key
    }
}

// Constructors for the common kinds of value: each binds a key to a typed field of the
// configuration, so the table says everything about a key in one line.
extension ConfigKey {
    static func number(_ name: String, _ field: WritableKeyPath<Root, Double> & Sendable, message: String,
                       above: Double? = nil, atLeast: Double? = nil, below: Double? = nil, atMost: Double? = nil,
                       _ meaning: String, role: Role = .trained, label: String? = nil, since: Int = 1) -> ConfigKey {
        ConfigKey(name, accepts: Self.range(above: above, atLeast: atLeast, below: below, atMost: atMost), meaning,
                  role: role, label: label, since: since,
                  read: { context, node, root in
                      if let value = context.reader.double(node, message, above: above, atLeast: atLeast, below: below, atMost: atMost) {
                          root[keyPath: field] = value
                      }
                  },
                  resolve: { .double($0[keyPath: field]) })
    }

    /// A number that may be absent (`null`): `clip_norm`, generator options.
    static func optionalNumber(_ name: String, _ field: WritableKeyPath<Root, Double?> & Sendable, message: String,
                               above: Double? = nil, atLeast: Double? = nil, nullable: Bool, _ meaning: String,
                               label: String? = nil) -> ConfigKey {
        ConfigKey(name, accepts: Self.range(above: above, atLeast: atLeast, below: nil, atMost: nil) + (nullable ? " or null" : ""),
                  meaning, label: label,
                  read: { context, node, root in
                      if nullable && node.isNull { root[keyPath: field] = nil; return }
                      root[keyPath: field] = context.reader.double(node, message, above: above, atLeast: atLeast)
                  },
                  resolve: { $0[keyPath: field].map(ConfigValue.double) ?? .null })
    }

    static func integer(_ name: String, _ field: WritableKeyPath<Root, Int> & Sendable, message: String, atLeast: Int,
                        _ meaning: String, role: Role = .trained, label: String? = nil, since: Int = 1) -> ConfigKey {
        ConfigKey(name, accepts: "integer >= \(atLeast)", meaning, role: role, label: label, since: since,
                  read: { context, node, root in
                      if let value = context.reader.int(node, message, atLeast: atLeast) { root[keyPath: field] = value }
                  },
                  resolve: { .int($0[keyPath: field]) })
    }

    static func optionalInteger(_ name: String, _ field: WritableKeyPath<Root, Int?> & Sendable, message: String,
                                atLeast: Int, _ meaning: String, label: String? = nil) -> ConfigKey {
        ConfigKey(name, accepts: "integer >= \(atLeast)", meaning, label: label,
                  read: { context, node, root in root[keyPath: field] = context.reader.int(node, message, atLeast: atLeast) },
                  resolve: { $0[keyPath: field].map(ConfigValue.int) ?? .null })
    }

    static func word<Word: NotebookWord>(_ name: String, _ field: WritableKeyPath<Root, Word> & Sendable, message: String,
                                         what: String, _ meaning: String, role: Role = .trained,
                                         label: String? = nil, since: Int = 1) -> ConfigKey {
        ConfigKey(name, accepts: Word.words.joined(separator: " \\| "), meaning, role: role, label: label, since: since,
                  read: { context, node, root in
                      if let value = context.reader.word(node, message, Word.self, what: what) { root[keyPath: field] = value }
                  },
                  resolve: { .string($0[keyPath: field].rawValue) })
    }

    /// A word or `auto` (stored as nil: the choice is made from the data).
    static func wordOrAuto<Word: NotebookWord>(_ name: String, _ field: WritableKeyPath<Root, Word?> & Sendable,
                                               message: String, what: String, _ meaning: String,
                                               label: String? = nil, since: Int = 1) -> ConfigKey {
        ConfigKey(name, accepts: (["auto"] + Word.words).joined(separator: " \\| "), meaning, label: label, since: since,
                  read: { context, node, root in
                      if let value = context.reader.wordOrAuto(node, message, Word.self, what: what) { root[keyPath: field] = value }
                  },
                  resolve: { .string($0[keyPath: field]?.rawValue ?? "auto") })
    }

    /// A list of strings: column names, or (`spellings`) cell texts where any scalar counts as
    /// written (`[NA, -999, null]`).
    static func strings(_ name: String, _ field: WritableKeyPath<Root, [String]> & Sendable, message: String,
                        accepts: String, spellings: Bool = false, _ meaning: String, since: Int = 1) -> ConfigKey {
        ConfigKey(name, accepts: accepts, meaning, since: since,
                  read: { context, node, root in
                      let value = spellings ? context.reader.spellings(node, message) : context.reader.strings(node, message)
                      if let value { root[keyPath: field] = value }
                  },
                  resolve: { .list($0[keyPath: field].map(ConfigValue.string)) })
    }

    static func flag(_ name: String, _ field: WritableKeyPath<Root, Bool> & Sendable, message: String,
                     _ meaning: String, label: String? = nil, since: Int = 1) -> ConfigKey {
        ConfigKey(name, accepts: "true \\| false", meaning, label: label, since: since,
                  read: { context, node, root in
                      if let value = context.reader.bool(node, message) { root[keyPath: field] = value }
                  },
                  resolve: { .bool($0[keyPath: field]) })
    }

    static func range(above: Double?, atLeast: Double?, below: Double?, atMost: Double?) -> String {
        let parts = [above.map { "> \(NodeReader.format($0))" }, atLeast.map { ">= \(NodeReader.format($0))" },
                     below.map { "< \(NodeReader.format($0))" }, atMost.map { "<= \(NodeReader.format($0))" }]
        return "number " + parts.compactMap { $0 }.joined(separator: ", ")
    }
}

extension YAMLNode {
    /// A plain `null` (or `~`, or an empty value): clears an optional key.
    var isNull: Bool {
        if case .null = configValue, items == nil, pairs == nil { return true }
        return false
    }
}
