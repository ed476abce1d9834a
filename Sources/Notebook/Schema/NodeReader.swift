import Core
import Foundation

/// Typed reads of configuration values with positioned errors. Every reader returns nil after
/// reporting, so callers keep the default and carry on to find the next problem.
struct NodeReader {
    let sink: DiagnosticSink

    func string(_ node: YAMLNode, _ field: String) -> String? {
        guard case .string(let text) = node.configValue else {
            sink.error(node.mark, "'\(field)' must be a string, got \(NodeReader.describe(node))")
            return nil
        }
        return text
    }

    /// A word from a closed list, with the closest valid word suggested (a known synonym first:
    /// `nag` is nowhere near `nesterov` by edit distance).
    func choice(_ node: YAMLNode, _ field: String, _ choices: [String], what: String? = nil,
                synonyms: [String: String] = [:]) -> String? {
        guard let text = string(node, field) else { return nil }
        guard choices.contains(text) else {
            let label = what ?? field
            let suggestion = synonyms[text].map { "; did you mean '\($0)'?" } ?? EditDistance.suggestion(for: text, in: choices)
            sink.error(node.mark, "unknown \(label) '\(text)'\(suggestion) (expected one of: \(choices.joined(separator: ", ")))")
            return nil
        }
        return text
    }

    /// A word of a closed vocabulary.
    func word<Word: NotebookWord>(_ node: YAMLNode, _ field: String, _ type: Word.Type, what: String? = nil) -> Word? {
        // A valid word needs no list of the words (built anew on each call, once a key and a variant).
        if case .string(let text) = node.configValue, let word = Word(rawValue: text) { return word }
        return choice(node, field, Word.words, what: what, synonyms: Word.synonyms).flatMap(Word.init(rawValue:))
    }

    /// A word of a closed vocabulary or `auto`: `.some(nil)` for `auto`, nil after an error.
    func wordOrAuto<Word: NotebookWord>(_ node: YAMLNode, _ field: String, _ type: Word.Type, what: String? = nil) -> Word?? {
        if case .string(let text) = node.configValue, let word = Word(rawValue: text) { return .some(word) }
        guard let text = choice(node, field, ["auto"] + Word.words, what: what, synonyms: Word.synonyms) else { return nil }
        return .some(Word(rawValue: text))
    }

    /// Reports keys of a mapping not in `allowed`, suggesting the closest one.
    func checkKeys(_ node: YAMLNode, allowed: [String], context: String) {
        for pair in node.pairs ?? [] {
            let key = pair.key.scalarText ?? ""
            if !allowed.contains(key) {
                sink.error(pair.key.mark, "unknown key '\(key)' in \(context)\(EditDistance.suggestion(for: key, in: allowed)) (expected one of: \(allowed.joined(separator: ", ")))")
            }
        }
    }

    /// A section must be a mapping; reports otherwise.
    func mapping(_ node: YAMLNode, _ name: String) -> [YAMLNode.Pair]? {
        guard let pairs = node.pairs else {
            sink.error(node.mark, "'\(name)' must be a mapping of keys to values, got \(NodeReader.describe(node))")
            return nil
        }
        return pairs
    }

    /// A list of strings (column names).
    func strings(_ node: YAMLNode, _ field: String) -> [String]? {
        guard let items = node.items else {
            sink.error(node.mark, "'\(field)' must be a list of column names, got \(NodeReader.describe(node))")
            return nil
        }
        let names = items.compactMap { string($0, field) }
        return names.count == items.count ? names : nil
    }

    /// Cell spellings (`dataset.na_values`): a list of scalars, each taken as written, so `NA`,
    /// `-999`, `null` and `""` all mean the text in the file.
    func spellings(_ node: YAMLNode, _ field: String) -> [String]? {
        guard let items = node.items else {
            sink.error(node.mark, "'\(field)' must be a list of cell texts such as [\"\", NA, \"?\"], got \(NodeReader.describe(node))")
            return nil
        }
        var texts: [String] = []
        for item in items {
            guard let text = item.scalarText else {
                sink.error(item.mark, "'\(field)' entries must be single values, got \(NodeReader.describe(item))")
                return nil
            }
            texts.append(text)
        }
        return texts
    }

    /// Layer widths: `[64, 32]`, `[]` (a linear model) or a single width `64`.
    func widths(_ node: YAMLNode, _ field: String) -> [Int]? {
        if node.items == nil, case .int = node.configValue {
            return int(node, field, atLeast: 1).map { [$0] }
        }
        guard let items = node.items else {
            sink.error(node.mark, "'\(field)' must be a list of layer widths such as [64, 32], got \(NodeReader.describe(node))")
            return nil
        }
        let widths = items.compactMap { int($0, "\(field) width", atLeast: 1) }
        return widths.count == items.count ? widths : nil
    }

    func int(_ node: YAMLNode, _ field: String, atLeast minimum: Int? = nil) -> Int? {
        let value: Int
        switch node.configValue {
        case .int(let integer): value = integer
        case .double(let double) where double.rounded() == double && abs(double) < 1e15: value = Int(double)
        default:
            sink.error(node.mark, "'\(field)' must be an integer, got \(NodeReader.describe(node))")
            return nil
        }
        if let minimum, value < minimum {
            sink.error(node.mark, "'\(field)' must be >= \(minimum), got \(value)")
            return nil
        }
        return value
    }

    /// A number in a range; `above` is exclusive, `atLeast` inclusive, `below` exclusive.
    func double(_ node: YAMLNode, _ field: String, above: Double? = nil, atLeast: Double? = nil,
                below: Double? = nil, atMost: Double? = nil) -> Double? {
        guard let value = node.configValue.doubleValue, value.isFinite else {
            sink.error(node.mark, "'\(field)' must be a finite number, got \(NodeReader.describe(node))")
            return nil
        }
        var problems: [String] = []
        if let above, !(value > above) { problems.append("> \(NodeReader.format(above))") }
        if let atLeast, !(value >= atLeast) { problems.append(">= \(NodeReader.format(atLeast))") }
        if let below, !(value < below) { problems.append("< \(NodeReader.format(below))") }
        if let atMost, !(value <= atMost) { problems.append("<= \(NodeReader.format(atMost))") }
        if !problems.isEmpty {
            let range = [above.map { "> \(NodeReader.format($0))" }, atLeast.map { ">= \(NodeReader.format($0))" },
                         below.map { "< \(NodeReader.format($0))" }, atMost.map { "<= \(NodeReader.format($0))" }]
                .compactMap { $0 }.joined(separator: " and ")
            sink.error(node.mark, "'\(field)' must be \(range), got \(NodeReader.format(value))")
            return nil
        }
        return value
    }

    func bool(_ node: YAMLNode, _ field: String) -> Bool? {
        guard case .bool(let value) = node.configValue else {
            sink.error(node.mark, "'\(field)' must be true or false, got \(NodeReader.describe(node))")
            return nil
        }
        return value
    }

    /// A duration in the one grammar of `DurationGrammar` (a positive number of seconds, or `1h30m`).
    func duration(_ node: YAMLNode, _ field: String, expected: String = DurationGrammar.expected) -> Double? {
        let value = node.configValue
        let seconds: Double?
        switch value {
        case .int, .double: seconds = value.doubleValue.flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
        case .string(let text): seconds = DurationGrammar.seconds(text)
        default: seconds = nil
        }
        guard let seconds else {
            sink.error(node.mark, "'\(field)' must be \(expected), got \(NodeReader.describe(node))")
            return nil
        }
        return seconds
    }

    /// How a value reads in a message: `'abc'`, `3`, `a list`, `null`.
    static func describe(_ node: YAMLNode) -> String {
        switch node.kind {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .scalar:
            switch node.configValue {
            case .null: return "null"
            case .string(let text): return "'\(text)'"
            case .bool(let value): return value ? "true" : "false"
            case .int(let value): return String(value)
            case .double(let value): return format(value)
            default: return "a value"
            }
        }
    }

    static func format(_ value: Double) -> String {
        if value.rounded() == value && abs(value) < 1e15 { return String(Int(value)) }
        return value.description
    }
}
