import Core

/// JSONEncoder's pretty (two spaces a level, `"key" : value`), sorted-key spelling, by hand: how
/// run records (`RunRecord+Writing`) and results.json's summaries (`ResultsFile+Writing`) are
/// written without boxing every value first. Every method returns false for a value out of its
/// scope (a string needing an escape other than `\"`, `\\`, `\/`, `\n`, `\r`, `\t`; a key outside
/// printable ASCII, whose sort order could differ; a key twice); the caller then uses JSONEncoder.
public struct PrettyJSONWriter {
    public typealias Member = (String, (inout PrettyJSONWriter) -> Bool)

    public internal(set) var bytes: [UInt8] = []

    /// For a file too big to hold whole: once `bytes` holds `spillAt` bytes or more after an
    /// element of a list, `spill` takes them (writes them out and empties the buffer).
    public var spill: ((inout [UInt8]) -> Void)?
    public var spillAt = 1 << 20

    public init() { bytes.reserveCapacity(4096) }

    /// A writer for a whole file of about `capacity` bytes: reserved once, so a big file is not
    /// copied each time its buffer grows (pages reserved and never written cost no memory).
    public init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Bytes written elsewhere (JSONEncoder's), taken as they are.
    public mutating func append(_ written: ArraySlice<UInt8>) { bytes.append(contentsOf: written) }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// JSONEncoder's empty container: an empty line inside, the closer indented.
    mutating func empty(_ opener: Unicode.Scalar, _ closer: Unicode.Scalar, level: Int) {
        bytes.append(UInt8(ascii: opener))
        bytes.append(0x0A)
        newline(level)
        bytes.append(UInt8(ascii: closer))
    }

    mutating func newline(_ level: Int) {
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(0x20, count: 2 * level))
    }

    /// `{` members `}` at `level`, the members already in key order (checked: sorted, no key twice).
    public mutating func object(_ members: [Member], level: Int) -> Bool {
        guard !members.isEmpty else { empty("{", "}", level: level); return true }
        bytes.append(UInt8(ascii: "{"))
        var previous: String?
        for (key, value) in members {
            guard Self.plainKey(key), previous.map({ Array($0.utf8).lexicographicallyPrecedes(Array(key.utf8)) }) ?? true else { return false }
            if previous != nil { bytes.append(UInt8(ascii: ",")) }
            previous = key
            newline(level + 1)
            guard string(key) else { return false }
            raw(" : ")
            guard value(&self) else { return false }
        }
        newline(level)
        bytes.append(UInt8(ascii: "}"))
        return true
    }

    /// `[` elements `]` at `level`.
    public mutating func list<Elements: Collection>(_ elements: Elements, level: Int,
                                                  element: (inout PrettyJSONWriter, Elements.Element) -> Bool) -> Bool {
        guard !elements.isEmpty else { empty("[", "]", level: level); return true }
        bytes.append(UInt8(ascii: "["))
        for (index, value) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            newline(level + 1)
            guard element(&self, value) else { return false }
            if let spill, bytes.count >= spillAt { spill(&bytes) }
        }
        newline(level)
        bytes.append(UInt8(ascii: "]"))
        return true
    }

    /// Keys whose byte order is surely JSONEncoder's sort order: printable ASCII.
    private static func plainKey(_ key: String) -> Bool {
        key.utf8.allSatisfy { (0x20...0x7E).contains($0) }
    }

    static func sortedKeys<Value>(_ dictionary: [String: Value]) -> [String] {
        dictionary.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    public mutating func doubles(_ values: [String: Double], level: Int) -> Bool {
        object(Self.sortedKeys(values).map { key in (key, { $0.double(values[key]!) }) }, level: level)
    }

    public mutating func configMap(_ values: [String: ConfigValue], level: Int) -> Bool {
        object(Self.sortedKeys(values).map { key in (key, { $0.config(values[key]!, level: level + 1) }) }, level: level)
    }

    public mutating func config(_ value: ConfigValue, level: Int) -> Bool {
        switch value {
        case .null: raw("null")
        case .bool(let flag): flag ? raw("true") : raw("false")
        case .int(let number): return int(number)
        case .double(let number): return double(number)
        case .string(let text): return string(text)
        case .list(let values): return list(values, level: level) { $0.config($1, level: level + 1) }
        case .map(let entries):
            let sorted = entries.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            return object(sorted.map { entry in (entry.key, { $0.config(entry.value, level: level + 1) }) }, level: level)
        }
        return true
    }

    public mutating func int(_ value: Int) -> Bool {
        bytes.append(contentsOf: String(value).utf8)
        return true
    }

    /// As JSONEncoder writes a Double: its shortest description without a trailing `.0`, the
    /// non-finite ones as gradbook's strings (`JSONCoding`).
    public mutating func double(_ value: Double) -> Bool {
        bytes.append(contentsOf: Self.spelling(value).utf8)
        return true
    }

    static func spelling(_ value: Double) -> String {
        if value.isNaN { return "\"nan\"" }
        if value.isInfinite { return value > 0 ? "\"inf\"" : "\"-inf\"" }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    /// A JSON string as JSONEncoder escapes it; false for a control character it spells as `\u`.
    public mutating func string(_ text: String) -> Bool {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case UInt8(ascii: "/"): raw("\\/")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0..<0x20: return false
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        return true
    }

    /// The first index of `needle` in `haystack` at or after `start`.
    public static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0] && haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
