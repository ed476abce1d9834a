import Core
import Foundation
import Records
import Testing

/// Light records (no curves, no configuration) as large reports and sweeps hold them.
struct RunRecordLightTests {
    /// A record whose strings hold every character the byte scanner must not be fooled by.
    static func awkwardRecord(epochs: Int) -> RunRecord {
        let entries = (1...max(epochs, 1)).prefix(epochs).map { epoch in
            EpochRecord(epoch: epoch, learningRate: 0.01, metrics: ["val_loss": epoch == 2 ? .nan : 1 / Double(epoch), "val_accuracy": 0.5],
                        layers: [LayerStatistics(gradientRMS: 0.1, weightRMS: 0.2, updateRatio: 0.001)])
        }
        return RunRecord(experiment: "grid", variant: "v1", label: "act=\"[relu]\" {x}", seed: 3,
                         parameters: ["model.hidden": .list([.int(4), .int(8)]), "model.note": .string("epochs\": [1,2]")],
                         config: .map([ConfigEntry(key: "epochs", value: .list([.int(1), .int(2)]))]),
                         status: .diverged, reason: "loss \"nan\" at [epoch 2], \\ {config}", divergedEpoch: 2, bestEpoch: 1,
                         epochs: entries, finalMetrics: ["val_accuracy": 0.5, "val_loss": .infinity], seconds: 0.125,
                         finishedAt: "2026-12-01T10:00:00Z", shard: "1/2", weightsFile: "v1.safetensors")
    }

    static func summary(_ record: RunRecord) -> String {
        "\(record.experiment) \(record.variant) \(record.label) \(record.seed) \(record.parameters.sorted { $0.key < $1.key }) \(record.status) "
            + "\(record.reason ?? "-") \(record.divergedEpoch ?? -1) \(record.bestEpoch ?? -1) \(record.epochCount) "
            + "\(record.finalMetrics.sorted { $0.key < $1.key }) \(record.seconds) \(record.finishedAt) \(record.shard ?? "-") \(record.weightsFile ?? "-")"
    }

    @Test(arguments: [0, 1, 3, 12])
    func lightDecodingEqualsTheFullRecordLightened(epochs: Int) throws {
        let record = Self.awkwardRecord(epochs: epochs)
        let bytes = try RunRecordStore.encode(record)
        let light = try RunRecord.decodeLight(bytes)
        let full = try JSONCoding.decoder.decode(RunRecord.self, from: Data(bytes))
        #expect(!light.hasCurves && light.epochs.isEmpty && light.config == .null)
        #expect(light.epochCount == epochs)
        #expect(Self.summary(light) == Self.summary(full.light))
        #expect(Self.summary(light) == Self.summary(full))
        #expect(full.hasCurves && full.epochCount == epochs)
    }

    /// What a report reads: the curves whole, the configuration left out, nothing else changed.
    @Test(arguments: [0, 1, 3, 12])
    func decodingWithoutConfigEqualsTheFullRecordWithoutIt(epochs: Int) throws {
        let record = Self.awkwardRecord(epochs: epochs)
        let bytes = try RunRecordStore.encode(record)
        let read = try RunRecord.decodeWithoutConfig(bytes)
        var expected = try JSONCoding.decoder.decode(RunRecord.self, from: Data(bytes))
        #expect(expected.config != .null)
        expected.config = .null
        #expect(read.hasCurves && read.epochCount == epochs)
        #expect(try RunRecordStore.encode(read) == RunRecordStore.encode(expected))
    }

    @Test func scanReadsLightOnlyWhereAsked() throws {
        let folder = NSTemporaryDirectory() + "gradbook-light-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = RunRecordStore(directory: folder)
        for id in ["a", "b", "c"] { try store.save(TestVariants.record(id)) }
        var asked: [String] = []
        let scan = try store.scan { variant, count in
            asked.append("\(variant)/\(count)")
            return variant == "b"
        }
        #expect(asked == ["a/3", "b/3", "c/3"])
        #expect(scan.records.map(\.hasCurves) == [false, true, false])
        #expect(scan.records.map(\.epochCount) == [1, 1, 1])
        #expect(scan.records[1].epochs.first?.layers.count == 1)
        // The files on disk keep everything.
        #expect(store.load(experiment: "grid", variant: "a")?.epochs.count == 1)
    }

    @Test func curveSampleIsAFixedFunctionOfTheName() {
        // FNV-1a 64 of "abc": a published test vector, the same on every platform and process.
        #expect(CurveSample.hash("abc") == 0xe71f_a219_0541_574b)
        let names = (0..<10_000).map { "variant-\($0)" }
        #expect(names.allSatisfy { CurveSample.keeps($0, of: 2000, limit: 2000) }, "at or below the limit everything is kept")
        let kept = names.filter { CurveSample.keeps($0, of: names.count, limit: 500) }
        #expect(kept.count > 400 && kept.count < 600, "\(kept.count)")
        let again = names.reversed().filter { CurveSample.keeps($0, of: names.count, limit: 500) }
        #expect(Set(kept) == Set(again), "the sample does not depend on order")
    }

    /// Records share their fields until one copy changes (copy on write): a changed copy never
    /// changes the record it came from, field by field and through the nested outcome.
    @Test func aChangedCopyLeavesTheOriginalAlone() {
        let original = Self.awkwardRecord(epochs: 3)
        let before = Self.summary(original)
        var copy = original
        copy.label = "other"
        copy.outcome.finalMetrics["val_loss"] = 0
        copy.outcome.epochs.removeAll()
        copy.parameters["model.note"] = nil
        #expect(Self.summary(original) == before)
        #expect(original.epochs.count == 3)
        #expect(copy.label == "other" && copy.finalMetrics["val_loss"] == 0 && copy.epochCount == 0)
        let light = original.light
        #expect(original.hasCurves && !light.hasCurves && light.epochCount == 3)
    }
}

