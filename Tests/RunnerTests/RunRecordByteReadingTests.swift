import Core
import Foundation
@testable import Records
import Testing

/// Reports read records with `JSONByteReader` (`RunRecord+ByteReading`), not JSONDecoder: both
/// readings must agree on every value a record can hold, and what the byte reader refuses must
/// be left to JSONDecoder (same record, same error).
struct RunRecordByteReadingTests {
    /// Every field of a record in its stored spelling (`RunRecordStore.encode`), with the
    /// configuration (the part a light or report reading leaves out) compared in canonical form.
    static func spelling(_ record: RunRecord) throws -> String {
        var copy = record
        let config = copy.config.canonicalJSON
        copy.config = .null
        return String(decoding: try RunRecordStore.encode(copy), as: UTF8.self) + "\nconfig: " + config
            + "\nlight: \(record.hasCurves) \(record.epochCount)"
    }

    static func records() -> [RunRecord] {
        let values = RecordCurveWritingTests.values
        // An integral number spelt with an exponent (`1e+16`) is left to JSONDecoder in a
        // parameter (`refusedBytesAreLeftToJSONDecoder`); every other value is read here.
        let parameterValues = values.filter { !($0.isFinite && $0.rounded() == $0 && "\($0)".contains("e")) }
        var records: [RunRecord] = []
        for offset in 0..<values.count {
            var record = RecordCurveWritingTests.record(epochs: RecordCurveWritingTests.epochs(1 + offset % 4, norms: offset % 2 == 1, offset: offset),
                                                        reason: offset % 3 == 0 ? "loss is nan\n\t\"x\" \\ / \u{1} é 😀" : nil,
                                                        fold: offset % 5 == 0 ? 2 : nil)
            record.outcome.finalMetrics = ["val_loss": values[offset], "val_accuracy": values[(offset + 3) % values.count]]
            record.outcome.seconds = abs(values[(offset + 5) % values.count])
            record.parameters["training.learning_rate"] = .double(parameterValues[offset % parameterValues.count])
            record.parameters["model.activation"] = .string(["relu", "nan", "inf", "-inf", "ä\"\\", "", "1e5"][offset % 7])
            record.parameters["training.flag"] = .bool(offset % 2 == 0)
            record.parameters["training.none"] = .null
            record.parameters["model.hidden"] = .list([.int(offset), .int(-offset), .int(Int.max), .int(Int.min)])
            record.parameters["nested"] = .map([ConfigEntry(key: "b", value: .int(1)), ConfigEntry(key: "a", value: .list([]))])
            if offset % 4 == 1 {
                record.outcome.termination = Termination(band: 3, value: values[offset], cutoff: 0.25, kept: 2, configurations: 9)
                record.outcome.threads = 2
            }
            records.append(record)
        }
        return records
    }

    static func jsonDecoderReading(_ bytes: [UInt8], _ reading: RunRecord.Reading) throws -> RunRecord {
        let full = try JSONCoding.decoder.decode(RunRecord.self, from: Data(bytes))
        switch reading {
        case .full: return full
        case .withoutConfig:
            var copy = full
            copy.config = .null
            return copy
        case .light: return full.light
        }
    }

    @Test(arguments: [RunRecord.Reading.full, .withoutConfig, .light])
    func byteReaderReadsWhatJSONDecoderReads(reading: RunRecord.Reading) throws {
        for record in Self.records() {
            let bytes = try RunRecordStore.encode(record)
            let read = try #require(RunRecord.read(bytes, reading), "the byte reader must read every record gradbook writes")
            #expect(try Self.spelling(read) == Self.spelling(Self.jsonDecoderReading(bytes, reading)))
        }
    }

    /// Escapes, white space and key order that gradbook never writes but a hand-edited or
    /// foreign file may hold.
    @Test func foreignSpellingsReadAsJSONDecoderReadsThem() throws {
        let text = #"""
        {"variant":"v\u00e9\ud83d\ude00\/x","experiment":"e\"\\\b\f\n\r\t","label":"l","seed":-3,"gradbook_version":"0.1.0",
         "format_version":1,"parameters":{"a":1E-2,"b":[1,2.5,"nan"],"c":{"z":true,"y":false}},"config":{"k":[{}]},
         "finished_at":"t","status":"early_stopped","epochs":[],"final_metrics":{"m":"-inf","n":12},"seconds":0,
         "unknown":{"x":[1,{"y":null}]},"reason":null,"shard":null,"fold":null,"norms":null}
        """#
        let bytes = Array(text.utf8)
        for reading in [RunRecord.Reading.full, .withoutConfig, .light] {
            let read = try #require(RunRecord.read(bytes, reading))
            #expect(try Self.spelling(read) == Self.spelling(Self.jsonDecoderReading(bytes, reading)))
        }
    }

    /// What the byte reader refuses is decoded by JSONDecoder: malformed records fail with its
    /// message, and numbers whose reading JSONDecoder decides (an integral `1.0` in the
    /// parameters, an integer literal for a Double) give its record.
    @Test func refusedBytesAreLeftToJSONDecoder() throws {
        let good = Array(try RunRecordStore.encode(Self.records()[1]))
        let text = String(decoding: good, as: UTF8.self)
        let cases = [
            String(text.dropLast(5)),
            text.replacingOccurrences(of: "\"status\" : \"ok\"", with: "\"status\" : \"fine\""),
            text.replacingOccurrences(of: "\"seed\" : 3", with: "\"seed\" : 3.5"),
            text.replacingOccurrences(of: "\"seed\" : 3", with: "\"seed\" : 03"),
            text + "x",
            text.replacingOccurrences(of: "\"label\"", with: "\"lab\u{1}el\""),
        ]
        for broken in cases {
            let bytes = Array(broken.utf8)
            #expect(RunRecord.read(bytes, .light) == nil)
            #expect(throws: (any Error).self) { try RunRecord.decodeLight(bytes) }
            #expect(throws: (any Error).self) { try RunRecord.decodeWithoutConfig(bytes) }
        }
        let integral = text.replacingOccurrences(of: "\"training.none\" : null", with: "\"training.none\" : 1.0")
        let bytes = Array(integral.utf8)
        #expect(RunRecord.read(bytes, .light) == nil)
        #expect(try Self.spelling(RunRecord.decodeLight(bytes)) == Self.spelling(Self.jsonDecoderReading(bytes, .light)))
    }

    @Test func storeReadsFilesWithTheByteReader() throws {
        let folder = NSTemporaryDirectory() + "gradbook-bytes-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = RunRecordStore(directory: folder)
        let record = Self.records()[2]
        try store.save(record)
        let path = store.recordPath(experiment: record.experiment, variant: record.variant)
        #expect(try RunRecordStore.fileBytes(path) == RunRecordStore.encode(record))
        #expect(try Self.spelling(RunRecordStore.decodeLight(path: path)) == Self.spelling(record.light))
        var withoutConfig = record
        withoutConfig.config = .null
        #expect(try Self.spelling(RunRecordStore.decodeWithoutConfig(path: path)) == Self.spelling(withoutConfig))
    }

    /// Long key names are stored once for all records read (`InternedKeys`), short ones inline.
    @Test func recordsReadApartShareTheirLongKeyNames() throws {
        let records = Self.records().prefix(2)
        let read = try records.map { try #require(RunRecord.read(try RunRecordStore.encode($0), .light)) }
        func storage(_ key: String, in record: RunRecord) -> UnsafeRawPointer? {
            let stored = record.parameters.keys.first { $0 == key }
            return stored?.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
        }
        let first = try #require(storage("training.learning_rate", in: read[0]))
        #expect(storage("training.learning_rate", in: read[1]) == first)
        #expect(InternedKeys.shared.intern("short") == "short")
        // Equal strings in another Unicode normalisation keep their own bytes.
        let composed = "training.caf\u{E9}_rate", decomposed = "training.cafe\u{301}_rate"
        #expect(Array(InternedKeys.shared.intern(composed).utf8) == Array(composed.utf8))
        #expect(Array(InternedKeys.shared.intern(decomposed).utf8) == Array(decomposed.utf8))
    }
}
