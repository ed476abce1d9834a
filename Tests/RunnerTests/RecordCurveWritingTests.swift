import Core
import Foundation
import Records
import Testing

/// Records are written with their curves by hand (`RunRecord+CurveWriting`): the file must be the
/// bytes JSONEncoder writes, for every kind of value a curve holds.
struct RecordCurveWritingTests {
    static let values: [Double] = [0, -0.0, 1, -1, 10, 0.1, 0.1 + 0.2, 1.0 / 3, .pi, 1e-7, 123456789.0, 1e15, 1e16, 1e17, 1e21,
                                   1e22, 1e300, -1e-300, 5e-324, .leastNormalMagnitude, .greatestFiniteMagnitude,
                                   .ulpOfOne, 4503599627370496.5, 0.000123, .nan, .infinity, -.infinity, 2.5e-5, 100]

    static func epochs(_ count: Int, norms: Bool, offset: Int = 0) -> [EpochRecord] {
        (0..<count).map { index in
            func value(_ k: Int) -> Double { values[(index * 7 + k + offset) % values.count] }
            let metrics = ["val_accuracy": value(1), "train_loss": value(2), "val_recall[0]": value(3), "val_recall[10]": value(4),
                           "val_recall[2]": value(5), "train_balanced_accuracy": value(6), "val_r2": value(7), "a.b": value(8)]
            let layers = (0..<(1 + index % 3)).map { LayerStatistics(gradientRMS: value($0 + 9), weightRMS: value($0 + 10), updateRatio: value($0 + 11)) }
            let normRows = norms ? [NormStatistics(weight: LayerStatistics(gradientRMS: value(12), weightRMS: value(13), updateRatio: value(14)),
                                                   bias: LayerStatistics(gradientRMS: value(15), weightRMS: value(16), updateRatio: value(17)))] : []
            return EpochRecord(epoch: index + 1, learningRate: value(0), metrics: metrics, layers: layers, norms: normRows)
        }
    }

    static func record(epochs: [EpochRecord], reason: String? = nil, fold: Int? = nil) -> RunRecord {
        func entry(_ key: String, _ value: ConfigValue) -> ConfigEntry { ConfigEntry(key: key, value: value) }
        let config = ConfigValue.map([entry("training", .map([entry("learning_rate", .double(0.01)), entry("epochs", .int(10)), entry("clip_norm", .null)])),
                                      entry("model", .map([entry("hidden", .list([.int(8), .int(8)]))]))])
        var record = RunRecord(experiment: "tiny \"quoted\"/x", variant: "0a849d77cb54", label: "lr=0.01 hidden=8x8 epochs\n2",
                               seed: 3, parameters: ["model.hidden": .list([.int(8)]), "training.learning_rate": .double(1e-4)],
                               config: config, status: reason == nil ? .ok : .diverged, reason: reason, divergedEpoch: reason == nil ? nil : 2,
                               bestEpoch: 1, epochs: epochs, finalMetrics: ["val_accuracy": 0.5, "val_loss": .nan], seconds: 0.0328268,
                               finishedAt: "2026-12-01T21:00:00Z", shard: fold == nil ? nil : "1/2", weightsFile: "w.safetensors")
        record.fold = fold
        record.outcome.numerics = 2
        return record
    }

    static func expectSameBytes(_ record: RunRecord) throws {
        let reference = Array(try JSONCoding.encoder().encode(record)) + [0x0A]
        let written = try RunRecordStore.encode(record)
        let first = (0..<min(written.count, reference.count)).first { written[$0] != reference[$0] } ?? min(written.count, reference.count)
        #expect(written == reference, "differs at \(first): \(String(decoding: written[max(0, first - 80)...].prefix(160), as: UTF8.self))")
    }

    @Test func handWrittenCurvesAreJSONEncodersBytes() throws {
        for offset in 0..<Self.values.count {
            try Self.expectSameBytes(Self.record(epochs: Self.epochs(1 + offset % 4, norms: offset % 2 == 1, offset: offset)))
        }
        try Self.expectSameBytes(Self.record(epochs: Self.epochs(12, norms: true), reason: "loss is nan\n\"x\"", fold: 2))
    }

    @Test func curvesTheWriterDoesNotSpellGoThroughJSONEncoder() throws {
        var odd = Self.epochs(2, norms: false)
        odd[1].metrics["Val Loss/é"] = 1
        try Self.expectSameBytes(Self.record(epochs: odd))
        var bare = Self.epochs(2, norms: false)
        bare[0].layers = []
        bare[1].metrics = [:]
        try Self.expectSameBytes(Self.record(epochs: bare))
        try Self.expectSameBytes(Self.record(epochs: []))
    }

    @Test func writtenRecordsReadBack() throws {
        let record = Self.record(epochs: Self.epochs(3, norms: true))
        let back = try JSONCoding.decoder.decode(RunRecord.self, from: Data(try RunRecordStore.encode(record)))
        #expect(back.epochs.count == 3 && back.epochs[2].norms.count == 1 && back.label == record.label)
        #expect(back.epochs[0].metrics.keys.sorted() == record.epochs[0].metrics.keys.sorted())
    }
}
