import Core
import Foundation

// A run record's curves (`epochs`: every epoch's metrics and layer statistics) were most of what
// Foundation's JSONEncoder spent on a record: ~1 ms of CPU per record for a 10-epoch run (perf,
// AMD EPYC Zen 1), more than a tiny run trains. The record is still encoded by JSONEncoder without
// its curves; the curves are written here by hand, in exactly the bytes JSONEncoder writes
// (`RunRecordStore.encode` output is unchanged: tests compare the two byte for byte), and put in
// the place of the empty `epochs` array. Curves whose metric names need more than plain
// lowercase, digits, `_`, `[`, `]` and `.` (escaping, key order) go through JSONEncoder whole.
extension RunRecord {
    /// The record's pretty, sorted-key JSON (as `JSONCoding.encoder()` writes it), without the
    /// final newline.
    func prettyJSON() throws -> [UInt8] {
        // The whole record by hand (`RunRecord+Writing`) when it can; else the curves alone.
        if let bytes = handWrittenJSON() { return bytes }
        let epochs = outcome.epochs
        guard !epochs.isEmpty, epochs.allSatisfy(PrettyJSONWriter.canWriteCurve) else {
            return Array(try JSONCoding.encoder().encode(self))
        }
        var stub = self
        stub.outcome.epochs = []
        let bytes = Array(try JSONCoding.encoder().encode(stub))
        // A top-level key starts a line indented by exactly two spaces; a string value cannot
        // hold a raw newline, so this is the one place of the top-level `epochs`.
        let marker = Array("\n  \"epochs\" : ".utf8)
        guard let start = PrettyJSONWriter.find(marker, in: bytes, from: 0),
              let next = PrettyJSONWriter.find(Array("\n  \"".utf8), in: bytes, from: start + marker.count) else {
            return Array(try JSONCoding.encoder().encode(self))
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + epochs.count * 1024)
        out.append(contentsOf: bytes[..<(start + marker.count)])
        var writer = PrettyJSONWriter()
        writer.epochs(epochs)
        out.append(contentsOf: writer.bytes)
        // The comma before the next key (the stub's empty array ended in one too).
        out.append(UInt8(ascii: ","))
        out.append(contentsOf: bytes[next...])
        return out
    }
}

/// JSONEncoder's pretty-printed, sorted-key spelling of `[EpochRecord]` at a record's top level,
/// written straight into the record's bytes. Keys are written in their sorted order by the code
/// (fixed names, and metric names `plainCurveKey` admits), so no member list is built per epoch.
extension PrettyJSONWriter {
    /// Metric names (dictionary keys) written without escaping, whose byte order is the order
    /// JSONEncoder sorts them in.
    static func plainCurveKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy { byte in
            (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x5F || byte == 0x5B || byte == 0x5D || byte == 0x2E
        }
    }

    static func canWriteCurve(_ record: EpochRecord) -> Bool {
        !record.metrics.isEmpty && !record.layers.isEmpty && record.metrics.keys.allSatisfy(plainCurveKey)
    }

    /// `"name" : ` on a new line at `level`, for a name that needs no escaping.
    private mutating func key(_ name: String, _ level: Int) {
        newline(level)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: name.utf8)
        raw("\" : ")
    }

    private mutating func layer(_ statistics: LayerStatistics, _ level: Int) -> Bool {
        bytes.append(UInt8(ascii: "{"))
        key("gradient_rms", level + 1)
        _ = double(statistics.gradientRMS)
        bytes.append(UInt8(ascii: ","))
        key("update_ratio", level + 1)
        _ = double(statistics.updateRatio)
        bytes.append(UInt8(ascii: ","))
        key("weight_rms", level + 1)
        _ = double(statistics.weightRMS)
        newline(level)
        bytes.append(UInt8(ascii: "}"))
        return true
    }

    /// `[\n    {...},\n    {...}\n  ]`: the array as the value of a key at level 1 (records that
    /// `canWriteCurve` admits).
    mutating func epochs(_ records: [EpochRecord]) {
        _ = list(records, level: 1) { $0.epoch($1, 2) }
    }

    private mutating func epoch(_ record: EpochRecord, _ level: Int) -> Bool {
        bytes.append(UInt8(ascii: "{"))
        key("epoch", level + 1)
        _ = int(record.epoch)
        bytes.append(UInt8(ascii: ","))
        key("layers", level + 1)
        _ = list(record.layers, level: level + 1) { $0.layer($1, level + 2) }
        bytes.append(UInt8(ascii: ","))
        key("learning_rate", level + 1)
        _ = double(record.learningRate)
        bytes.append(UInt8(ascii: ","))
        key("metrics", level + 1)
        bytes.append(UInt8(ascii: "{"))
        for (index, name) in record.metrics.keys.sorted().enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            key(name, level + 2)
            _ = double(record.metrics[name]!)
        }
        newline(level + 1)
        bytes.append(UInt8(ascii: "}"))
        if !record.norms.isEmpty {
            bytes.append(UInt8(ascii: ","))
            key("norms", level + 1)
            _ = list(record.norms, level: level + 1) { writer, norm in
                writer.bytes.append(UInt8(ascii: "{"))
                writer.key("bias", level + 3)
                _ = writer.layer(norm.bias, level + 3)
                writer.bytes.append(UInt8(ascii: ","))
                writer.key("weight", level + 3)
                _ = writer.layer(norm.weight, level + 3)
                writer.newline(level + 2)
                writer.bytes.append(UInt8(ascii: "}"))
                return true
            }
        }
        newline(level)
        bytes.append(UInt8(ascii: "}"))
        return true
    }
}
