import Core

// The record-commit thread spent ~0.5 ms of CPU a record in JSONEncoder on what is left of a
// record once the curves are written by hand (configuration, parameters, outcome; perf, AMD EPYC
// Zen 1): a tiny run's whole overhead budget. The record is now written here whole, in exactly
// JSONEncoder's pretty, sorted-key bytes (`RecordWritingTests` compares the two over edge values:
// no format change). A record holding a value this writer does not spell (a string needing an
// escape other than `\"`, `\\`, `\/`, `\n`, `\r`, `\t`; a key outside printable ASCII; a map with
// a key twice; curves `CurveWriter` does not write) goes through JSONEncoder as before.
extension RunRecord {
    /// The record's bytes as JSONEncoder writes them, by hand; nil when out of the writer's scope.
    func handWrittenJSON() -> [UInt8]? {
        guard outcome.epochs.allSatisfy(CurveWriter.canWrite) else { return nil }
        var writer = RecordWriter()
        return writer.record(self) ? writer.bytes : nil
    }
}

/// JSONEncoder's pretty (two spaces a level, `"key" : value`), sorted-key spelling of a record.
struct RecordWriter {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(4096) }

    /// Writes `record`; false (and the bytes unusable) when a value is out of scope.
    mutating func record(_ record: RunRecord) -> Bool {
        let outcome = record.outcome
        // The members in JSONEncoder's order (byte order of the keys), the absent optionals left out.
        var members: [(String, (inout RecordWriter) -> Bool)] = []
        if let value = outcome.bestEpoch { members.append(("best_epoch", { $0.int(value) })) }
        members.append(("config", { $0.config(record.config, level: 1) }))
        if let value = outcome.divergedEpoch { members.append(("diverged_epoch", { $0.int(value) })) }
        members.append(("epochs", { writer in
            guard !outcome.epochs.isEmpty else { writer.empty("[", "]", level: 1); return true }
            var curves = CurveWriter()
            curves.epochs(outcome.epochs)
            writer.bytes.append(contentsOf: curves.bytes)
            return true
        }))
        members.append(("experiment", { $0.string(record.experiment) }))
        members.append(("final_metrics", { $0.doubles(outcome.finalMetrics, level: 1) }))
        members.append(("finished_at", { $0.string(record.finishedAt) }))
        if let value = record.fold { members.append(("fold", { $0.int(value) })) }
        members.append(("format_version", { $0.int(record.formatVersion) }))
        members.append(("gradbook_version", { $0.string(record.gradbookVersion) }))
        members.append(("label", { $0.string(record.label) }))
        if let value = outcome.numerics { members.append(("numerics", { $0.int(value) })) }
        members.append(("parameters", { writer in
            writer.object(record.parameters.keys.sorted().map { key in (key, { $0.config(record.parameters[key]!, level: 2) }) }, level: 1)
        }))
        if let value = outcome.reason { members.append(("reason", { $0.string(value) })) }
        members.append(("seconds", { $0.double(outcome.seconds) }))
        members.append(("seed", { $0.int(record.seed) }))
        if let value = record.shard { members.append(("shard", { $0.string(value) })) }
        members.append(("status", { $0.string(outcome.status.rawValue) }))
        if let value = outcome.termination {
            members.append(("termination", { writer in
                writer.object([("band", { $0.int(value.band) }), ("configurations", { $0.int(value.configurations) }),
                               ("cutoff", { $0.double(value.cutoff) }), ("kept", { $0.int(value.kept) }),
                               ("value", { $0.double(value.value) })], level: 1)
            }))
        }
        if let value = outcome.threads { members.append(("threads", { $0.int(value) })) }
        members.append(("variant", { $0.string(record.variant) }))
        if let value = outcome.weightsFile { members.append(("weights_file", { $0.string(value) })) }
        return object(members, level: 0)
    }

    private mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// JSONEncoder's empty container: an empty line inside, the closer indented.
    private mutating func empty(_ opener: Unicode.Scalar, _ closer: Unicode.Scalar, level: Int) {
        bytes.append(UInt8(ascii: opener))
        bytes.append(0x0A)
        newline(level)
        bytes.append(UInt8(ascii: closer))
    }

    private mutating func newline(_ level: Int) {
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(0x20, count: 2 * level))
    }

    /// `{` members `}` at `level`, the members already in key order (checked: sorted, no key twice).
    private mutating func object(_ members: [(String, (inout RecordWriter) -> Bool)], level: Int) -> Bool {
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

    /// Keys whose byte order is surely JSONEncoder's sort order: printable ASCII.
    private static func plainKey(_ key: String) -> Bool {
        key.utf8.allSatisfy { (0x20...0x7E).contains($0) }
    }

    private mutating func doubles(_ values: [String: Double], level: Int) -> Bool {
        object(values.keys.sorted().map { key in (key, { $0.double(values[key]!) }) }, level: level)
    }

    private mutating func config(_ value: ConfigValue, level: Int) -> Bool {
        switch value {
        case .null: raw("null")
        case .bool(let flag): flag ? raw("true") : raw("false")
        case .int(let number): return int(number)
        case .double(let number): return double(number)
        case .string(let text): return string(text)
        case .list(let values):
            guard !values.isEmpty else { empty("[", "]", level: level); return true }
            bytes.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(level + 1)
                guard config(element, level: level + 1) else { return false }
            }
            newline(level)
            bytes.append(UInt8(ascii: "]"))
        case .map(let entries):
            let sorted = entries.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            return object(sorted.map { entry in (entry.key, { $0.config(entry.value, level: level + 1) }) }, level: level)
        }
        return true
    }

    private mutating func int(_ value: Int) -> Bool {
        bytes.append(contentsOf: String(value).utf8)
        return true
    }

    /// As JSONEncoder writes a Double (`CurveWriter.number`).
    private mutating func double(_ value: Double) -> Bool {
        bytes.append(contentsOf: CurveWriter.spelling(value).utf8)
        return true
    }

    /// A JSON string as JSONEncoder escapes it; false for a control character it spells as `\u`.
    private mutating func string(_ text: String) -> Bool {
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
}
