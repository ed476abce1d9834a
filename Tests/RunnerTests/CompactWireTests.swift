import Core
import Foundation
import Records
@testable import Runner
import Testing

/// The compact spelling of the worker's `epoch` and `result` lines: every field survives, bit for
/// bit, and everything else still travels as JSON.
struct CompactWireTests {
    static let awkward = "a b%c\td\ne\r=~ é"

    static func epoch(_ number: Int, norms: Bool) -> EpochRecord {
        EpochRecord(epoch: number, learningRate: 0.1 / Double(number),
                    metrics: ["train_loss": .nan, "val_loss": .infinity, "val_mse": -.infinity, "val_accuracy": 0.1 + 0.2,
                              "val_recall[0]": -0.0, "tiny": .leastNonzeroMagnitude, Self.awkward: 1e300, "": 7],
                    layers: [LayerStatistics(gradientRMS: 1.5, weightRMS: .pi, updateRatio: -2e-308),
                             LayerStatistics(gradientRMS: 0, weightRMS: .greatestFiniteMagnitude, updateRatio: .ulpOfOne)],
                    norms: norms ? [NormStatistics(weight: LayerStatistics(gradientRMS: 1, weightRMS: 2, updateRatio: 3),
                                                   bias: LayerStatistics(gradientRMS: 4, weightRMS: 5, updateRatio: .nan))] : [])
    }

    /// Equality that also holds for NaN (bit patterns compared).
    static func same(_ a: EpochRecord, _ b: EpochRecord) -> Bool {
        func bits(_ values: [String: Double]) -> [String: UInt64] { values.mapValues(\.bitPattern) }
        func bits(_ layer: LayerStatistics) -> [UInt64] { [layer.gradientRMS, layer.weightRMS, layer.updateRatio].map(\.bitPattern) }
        return a.epoch == b.epoch && a.learningRate.bitPattern == b.learningRate.bitPattern && bits(a.metrics) == bits(b.metrics)
            && a.layers.map(bits) == b.layers.map(bits)
            && a.norms.map { bits($0.weight) + bits($0.bias) } == b.norms.map { bits($0.weight) + bits($0.bias) }
    }

    static func roundTrip(_ message: WorkerMessage) throws -> (line: [UInt8], back: WorkerMessage) {
        let line = try WorkerWire.encodeMessage(message)
        #expect(line.last == 0x0A)
        #expect(!line.dropLast().contains(0x0A) && !line.dropLast().contains(0x0D), "one message is one line")
        return (line, try WorkerWire.decodeMessage(from: Array(line.dropLast())))
    }

    @Test func epochMessagesKeepEveryFieldBitForBit() throws {
        for norms in [false, true] {
            let message = WorkerMessage.epoch(Self.epoch(3, norms: norms), of: 12, variant: Self.awkward)
            let (line, back) = try Self.roundTrip(message)
            #expect(line.first == UInt8(ascii: "E"), "compact, not JSON")
            #expect(back.kind == .epoch && back.variant == Self.awkward && back.totalEpochs == 12)
            #expect(back.epoch.map { Self.same($0, Self.epoch(3, norms: norms)) } == true)
            #expect(back.result == nil && back.epochs == nil && back.note == nil)
        }
    }

    @Test func resultMessagesKeepEveryFieldBitForBit() throws {
        var outcome = RunOutcome(status: .diverged, reason: "loss is nan\nat epoch 2 %d", divergedEpoch: 2, bestEpoch: 1,
                                 epochs: (1...4).map { Self.epoch($0, norms: $0 % 2 == 0) },
                                 finalMetrics: ["val_accuracy": 0.875, "val_loss": .nan, Self.awkward: -1],
                                 seconds: 0.012345678901234567, weightsFile: "ab cd.safetensors", numerics: 2)
        outcome.threads = 2
        for variant in [outcome, RunOutcome(status: .ok), { outcome.reason = ""; outcome.weightsFile = ""; return outcome }()] {
            let (line, back) = try Self.roundTrip(.result(variant, variant: "feed01"))
            #expect(line.first == UInt8(ascii: "R"))
            #expect(back.kind == .result && back.variant == "feed01")
            let got = try #require(back.result)
            #expect(got.status == variant.status && got.reason == variant.reason && got.divergedEpoch == variant.divergedEpoch)
            #expect(got.bestEpoch == variant.bestEpoch && got.seconds.bitPattern == variant.seconds.bitPattern)
            #expect(got.weightsFile == variant.weightsFile && got.numerics == variant.numerics && got.termination == nil)
            #expect(got.threads == variant.threads)
            #expect(got.finalMetrics.mapValues(\.bitPattern) == variant.finalMetrics.mapValues(\.bitPattern))
            #expect(got.epochs.count == variant.epochs.count && zip(got.epochs, variant.epochs).allSatisfy(Self.same))
        }
    }

    /// Whole-value equality (no NaN here): a field the compact spelling forgot fails this.
    @Test func aResultWithoutNaNComesBackEqual() throws {
        var outcome = RunOutcome(status: .early_stopped, reason: "patience", bestEpoch: 2,
                                 epochs: (1...3).map { Self.epoch($0, norms: false) }.map { var e = $0; e.metrics = e.metrics.filter { !$0.value.isNaN }; return e },
                                 finalMetrics: ["val_accuracy": 0.5], seconds: 1.25, weightsFile: "w.safetensors", numerics: 2)
        outcome.threads = 4
        let (_, back) = try Self.roundTrip(.result(outcome, variant: "v"))
        #expect(back.result == outcome)
    }

    @Test func theSameMessageIsAlwaysTheSameLine() throws {
        let message = WorkerMessage.epoch(Self.epoch(1, norms: true), of: 5, variant: "v")
        #expect(try WorkerWire.encodeMessage(message) == WorkerWire.encodeMessage(message))
    }

    @Test func otherMessagesStayJSONAndBothSpellingsRead() throws {
        var terminated = RunOutcome(status: .terminated, epochs: [Self.epoch(1, norms: false)])
        terminated.termination = Termination(band: 3, value: 0.5, cutoff: 0.6, kept: 2, configurations: 9)
        for message in [WorkerMessage.note("disk is slow", variant: "v"), .paused(seconds: 1.5, variant: "v"),
                        .band(epochs: [Self.epoch(2, norms: false)], seconds: 2, variant: "v"),
                        .resumed(epochs: [], seconds: 0, variant: "v"), .result(terminated, variant: "v")] {
            let (line, back) = try Self.roundTrip(message)
            #expect(line.first == UInt8(ascii: "{"), "\(message.kind) stays JSON")
            #expect(back.kind == message.kind && back.seconds == message.seconds && back.note == message.note)
            #expect(back.result?.termination == message.result?.termination)
        }
        // A JSON epoch line (an older worker's spelling) still reads.
        let json = try WorkerWire.encode(WorkerMessage.epoch(Self.epoch(1, norms: false), of: 3, variant: "v"))
        let back = try WorkerWire.decodeMessage(from: Array(json.dropLast()))
        #expect(back.kind == .epoch && back.totalEpochs == 3 && back.epoch?.epoch == 1)
    }

    @Test func damagedLinesAreErrorsNotCrashes() throws {
        let line = Array(try WorkerWire.encodeMessage(.result(RunOutcome(status: .ok, epochs: [Self.epoch(1, norms: true)]), variant: "v")).dropLast())
        let zero = String(repeating: "0", count: 16)
        #expect(try WorkerWire.decodeMessage(from: Array("E1 =v 3 1 \(zero) 0 0 0".utf8)).epoch?.epoch == 1, "the bad lines below differ from a good one")
        for cut in 1..<line.count {
            #expect(throws: (any Error).self) { try WorkerWire.decodeMessage(from: Array(line.prefix(cut))) }
        }
        for bad in ["X1 =v", "E1 =v 3 zz", "E1 =v 3 1 3ff 0 0 0", "R1 =v nope ~ ~ ~ 0 ~ ~ 0 0", "E1 =v 3 1 \(zero) 99999999999999999999 0 0", "E1 =v 3 1 \(zero) 0 0 0 extra",
                    "E1 v 3 1 \(zero) 0 0 0", "R1 =v ok ~ ~ ~ \(zero) ~ ~ -1 0", "E1 =v%4 3 1 \(zero) 0 0 0"] {
            #expect(throws: (any Error).self) { try WorkerWire.decodeMessage(from: Array(bad.utf8)) }
        }
    }
}
