import Core

extension YAMLNode {
    /// The node as a typed value, resolving plain scalars with the YAML 1.2 core schema
    /// (`null ~`, `true false`, integers, floats incl. `1e-4`, `.inf`); quoted and block scalars
    /// are always strings, and explicit `!!str` / `!!int` / `!!float` tags are honoured.
    public var configValue: ConfigValue {
        switch kind {
        case .scalar(let text, let style, let tag):
            return YAMLNode.resolve(text, style: style, tag: tag)
        case .sequence(let items):
            return .list(items.map(\.configValue))
        case .mapping(let pairs):
            return .map(pairs.map { ConfigEntry(key: $0.key.scalarText ?? $0.key.configValue.canonicalJSON, value: $0.value.configValue) })
        }
    }

    static func resolve(_ text: String, style: ScalarStyle, tag: String?) -> ConfigValue {
        switch tag {
        case "tag:yaml.org,2002:str", "!": return .string(text)
        case "tag:yaml.org,2002:int": return Int(text).map(ConfigValue.int) ?? .string(text)
        case "tag:yaml.org,2002:float": return parseFloat(text).map(ConfigValue.double) ?? .string(text)
        case "tag:yaml.org,2002:null": return .null
        default: break
        }
        guard style == .plain else { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
            || first == UInt8(ascii: ".") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) {
            if let integer = parseInt(text) { return .int(integer) }
            if let double = parseFloat(text) { return .double(double) }
        }
        return .string(text)
    }

    private static func parseInt(_ text: String) -> Int? {
        if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16) }
        if text.hasPrefix("0o") { return Int(text.dropFirst(2), radix: 8) }
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return Int(text)
    }

    private static let floatCharacters = Set("0123456789+-.eE".utf8)

    private static func parseFloat(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        // Only decimal forms: Double("0x1p3") or "infinity" are not YAML floats.
        guard text.utf8.allSatisfy({ floatCharacters.contains($0) }), text.utf8.contains(where: { (48...57).contains($0) }) else { return nil }
        return Double(text)
    }
}
