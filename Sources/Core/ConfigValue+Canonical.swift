extension ConfigValue {
    /// Canonical JSON: keys sorted by their UTF-8 bytes, no whitespace, integers as integer
    /// literals and doubles in Swift's shortest round-trip form, which always marks them as
    /// doubles (`100.0`, `1e-05`), so `epochs: 10` and `epochs: 10.0` never hash alike by accident.
    /// Non-finite doubles (never valid in a resolved config) are written as strings.
    public var canonicalJSON: String {
        var output = ""
        appendCanonical(to: &output)
        return output
    }

    private func appendCanonical(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .double(let value):
            if value.isFinite {
                var text = value.description
                // Bytes, not `String.contains(_:)`, which Foundation answers with a locale-aware search.
                if !text.utf8.contains(UInt8(ascii: ".")) && !text.utf8.contains(UInt8(ascii: "e")) { text += ".0" }
                output += text
            } else {
                ConfigValue.string(value.description).appendCanonical(to: &output)
            }
        case .string(let value): output += ConfigValue.jsonQuoted(value)
        case .list(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                value.appendCanonical(to: &output)
            }
            output += "]"
        case .map(let entries):
            output += "{"
            let sorted = entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, entry) in sorted.enumerated() {
                if index > 0 { output += "," }
                output += ConfigValue.jsonQuoted(entry.key)
                output += ":"
                entry.value.appendCanonical(to: &output)
            }
            output += "}"
        }
    }

    /// `text` as a JSON string literal (RFC 8259 escapes; non-ASCII kept as UTF-8).
    public static func jsonQuoted(_ text: String) -> String {
        // Most keys and values need no escape: quoted whole (variant ids hash this text, and
        // building it scalar by scalar showed in every replay of an adaptive search).
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { return "\"" + text + "\"" }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
