import Core
import Foundation
@testable import Records
import Testing

/// Records are written whole by hand (`RunRecord+Writing`): the bytes must be JSONEncoder's for
/// every value a record holds, and what the writer does not spell must go through JSONEncoder.
struct RecordWritingTests {
    static func entry(_ key: String, _ value: ConfigValue) -> ConfigEntry { ConfigEntry(key: key, value: value) }

    /// Configurations and parameters with every kind of value, key order and empty container.
    static func records() -> [RunRecord] {
        let values = RecordCurveWritingTests.values
        return (0..<values.count).map { offset in
            var record = RecordCurveWritingTests.record(epochs: RecordCurveWritingTests.epochs(offset % 3, norms: offset % 2 == 0, offset: offset),
                                                        reason: offset % 2 == 0 ? "a/b \"c\" \\ d\te\r\nf é 😀" : nil,
                                                        fold: offset % 3 == 0 ? 1 : nil)
            record.config = .map([
                entry("training", .map([entry("learning_rate", .double(values[offset])), entry("epochs", .int(offset - 5)),
                                        entry("Zeta", .bool(offset % 2 == 0)), entry("a_b", .null), entry("A", .string("x/y"))])),
                entry("model", .map([entry("hidden", .list([.int(8), .double(values[(offset + 1) % values.count])])),
                                     entry("empty_list", .list([])), entry("empty_map", .map([])),
                                     entry("nested", .list([.map([entry("k", .list([.list([])]))])]))])),
                entry("dataset", .string(offset % 2 == 0 ? "moons" : "")),
            ])
            record.parameters = ["training.learning_rate": .double(values[(offset + 2) % values.count]),
                                 "model.hidden": .list([.int(offset)]), "Model.Upper": .string("ü"), "m-x": .null]
            if offset % 4 == 3 { record.parameters = [:] }
            record.outcome.finalMetrics = offset % 5 == 4 ? [:] : ["val_loss": values[offset], "z": values[(offset + 4) % values.count]]
            record.outcome.seconds = values[(offset + 6) % values.count]
            if offset % 3 == 1 {
                record.outcome.termination = Termination(band: offset, value: values[offset], cutoff: values[(offset + 3) % values.count],
                                                         kept: 1, configurations: 4)
                record.outcome.threads = 2
                record.outcome.numerics = nil
                record.outcome.weightsFile = nil
            }
            return record
        }
    }

    @Test func handWrittenRecordsAreJSONEncodersBytes() throws {
        for record in Self.records() {
            let written = try #require(record.handWrittenJSON(), "every record of this kind is written by hand")
            let reference = Array(try JSONCoding.encoder().encode(record))
            let first = (0..<min(written.count, reference.count)).first { written[$0] != reference[$0] } ?? min(written.count, reference.count)
            #expect(written == reference, "differs at \(first): \(String(decoding: written[max(0, first - 80)...].prefix(160), as: UTF8.self))")
        }
    }

    /// Values the writer does not spell go through JSONEncoder, still in its bytes.
    @Test func outOfScopeValuesGoThroughJSONEncoder() throws {
        var control = Self.records()[0]
        control.label = "bell \u{7}"
        var wideKey = Self.records()[1]
        wideKey.parameters["é"] = .int(1)
        var twice = Self.records()[2]
        twice.config = .map([Self.entry("a", .int(1)), Self.entry("a", .int(2))])
        for record in [control, wideKey, twice] {
            #expect(record.handWrittenJSON() == nil)
            let reference = Array(try JSONCoding.encoder().encode(record)) + [0x0A]
            #expect(try RunRecordStore.encode(record) == reference)
        }
    }
}
