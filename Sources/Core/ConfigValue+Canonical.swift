extension ConfigValue {
    /// Canonical JSON: keys sorted by their UTF-8 bytes, no whitespace, integers as integer
    /// literals and doubles in Swift's shortest round-trip form, which always marks them as
    /// doubles (`100.0`, `1e-05`), so `epochs: 10` and `epochs: 10.0` never hash alike by accident.
    /// Non-finite doubles (never valid in a resolved config) are written as strings.
    public var canonicalJSON: String { String(decoding: canonicalBytes, as: UTF8.self) }

    /// `canonicalJSON`'s UTF-8 bytes, written as bytes: what variant ids hash (twice a variant
    /// planned; appending to a `String` was a quarter of planning a sweep).
    public var canonicalBytes: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(1024)
        appendCanonical(to: &output)
        return output
    }

    private func appendCanonical(to output: inout [UInt8]) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): output.append(contentsOf: String(value).utf8)
        case .double(let value):
            if value.isFinite {
                let text = value.description.utf8
                output.append(contentsOf: text)
                // Bytes, not `String.contains(_:)`, which Foundation answers with a locale-aware search.
                if !text.contains(UInt8(ascii: ".")) && !text.contains(UInt8(ascii: "e")) { output.append(contentsOf: ".0".utf8) }
            } else {
                ConfigValue.string(value.description).appendCanonical(to: &output)
            }
        case .string(let value): ConfigValue.appendQuoted(value, to: &output)
        case .list(let values):
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                value.appendCanonical(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .map(let entries):
            output.append(UInt8(ascii: "{"))
            let sorted = entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, entry) in sorted.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                ConfigValue.appendQuoted(entry.key, to: &output)
                output.append(UInt8(ascii: ":"))
                entry.value.appendCanonical(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// `jsonQuoted(text)`'s bytes appended to `output`.
    private static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: text.utf8)
            output.append(UInt8(ascii: "\""))
        } else {
            output.append(contentsOf: jsonQuoted(text).utf8)
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
