import Foundation

/// How gradbook writes and reads its JSON files (run records, the worker wire, results.json):
/// sorted keys, and non-finite numbers (a diverged loss) as the strings "nan", "inf", "-inf" so
/// every file stays valid JSON that Python's `json` and pandas read.
public enum JSONCoding {
    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// A decoding failure in words a user can act on.
    public static func describe(_ error: Error) -> String {
        if let decoding = error as? DecodingError {
            switch decoding {
            case .dataCorrupted(let context): return "invalid JSON: \(context.debugDescription)"
            case .keyNotFound(let key, _): return "missing key '\(key.stringValue)'"
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                let path = context.codingPath.map(\.stringValue).joined(separator: ".")
                return "bad value at '\(path)': \(context.debugDescription)"
            @unknown default: return "\(decoding)"
            }
        }
        return error.localizedDescription
    }
}
