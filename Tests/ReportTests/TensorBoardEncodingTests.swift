import Foundation
import Testing
@testable import Report

/// The pieces of the event-file format against known vectors: CRC-32C (RFC 3720's test vectors,
/// the masked values from TensorBoard's own `masked_crc32c`), TFRecord framing, and protobuf bytes
/// as the reference protobuf library serialises the same messages.
struct TensorBoardEncodingTests {
    @Test func crc32cMatchesKnownVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map(UInt8.init)) == 0x46DD_794E)
        #expect(CRC32C.checksum([]) == 0)
    }

    @Test func maskedCRCMatchesTensorBoard() {
        #expect(CRC32C.masked(Array("123456789".utf8)) == 0xC78A_B0E5)
        #expect(CRC32C.masked([UInt8](repeating: 0, count: 32)) == 0x0FD7_FFFA)
        #expect(CRC32C.masked([UInt8](repeating: 0xFF, count: 32)) == 0xF909_B029)
        #expect(CRC32C.masked((0..<32).map(UInt8.init)) == 0x951F_7892)
    }

    @Test func tfrecordFramesLengthPayloadAndChecksums() {
        var file = TFRecordFile()
        file.append(Array("abc".utf8))
        #expect(file.bytes == [3, 0, 0, 0, 0, 0, 0, 0, 176, 153, 73, 14, 97, 98, 99, 110, 87, 241, 33])
    }

    @Test func protobufWireFormat() {
        var writer = ProtobufWriter()
        writer.varint(1, 150)
        #expect(writer.bytes == [0x08, 0x96, 0x01])
        var negative = ProtobufWriter()
        negative.integer(2, -1)
        #expect(negative.bytes == [0x10] + [UInt8](repeating: 0xFF, count: 9) + [0x01])
        var text = ProtobufWriter()
        text.string(2, "testing")
        #expect(text.bytes == [0x12, 0x07] + Array("testing".utf8))
        var zero = ProtobufWriter()
        zero.double(2, 0)
        #expect(zero.bytes == [0x11, 0, 0, 0, 0, 0, 0, 0, 0], "a oneof member is written even at zero")
    }

    @Test func eventsMatchTheReferenceSerialisation() {
        #expect(TensorBoardEvent.scalars([("loss", 0.25)], step: 3, wallTime: 1.5)
                == [9, 0, 0, 0, 0, 0, 0, 248, 63, 16, 3, 42, 13, 10, 11, 10, 4, 108, 111, 115, 115, 21, 0, 0, 128, 62])
        #expect(TensorBoardEvent.fileVersion(wallTime: 1.5)
                == [9, 0, 0, 0, 0, 0, 0, 248, 63, 26, 13, 98, 114, 97, 105, 110, 46, 69, 118, 101, 110, 116, 58, 50])
        #expect(HParamsPluginData.sessionEnd(status: .failure, endTime: 7) == [34, 11, 8, 2, 17, 0, 0, 0, 0, 0, 0, 28, 64])
    }

    @Test func aRunCutAtABandIsNotAFailureInTheHParamsDashboard() {
        #expect(HParamsPluginData.Status(.terminated) == .success)
        #expect(HParamsPluginData.Status(.early_stopped) == .success)
        #expect(HParamsPluginData.Status(.diverged) == .failure)
        #expect(HParamsPluginData.Status(.timed_out) == .failure)
    }

    @Test func recordTimesAreReadWithoutTheClock() {
        let formatter = ISO8601DateFormatter()
        for text in ["2026-11-29T04:00:00Z", "1970-01-01T00:00:00Z", "2000-02-29T23:59:59Z", "2100-03-01T12:30:05Z"] {
            #expect(RunTimeline.unixSeconds(text) == formatter.date(from: text)?.timeIntervalSince1970, "\(text)")
        }
        #expect(RunTimeline.unixSeconds("2026-11-29T05:00:00+01:00") == formatter.date(from: "2026-11-29T04:00:00Z")?.timeIntervalSince1970)
        var record = ReportFixture.records[0]
        record.outcome.seconds = 4
        let timeline = RunTimeline(record: record)
        #expect(timeline.end - timeline.start == 4)
        #expect(timeline.wallTime(epoch: record.epochs.count) == timeline.end)
        #expect(timeline.wallTime(epoch: 1) > timeline.start)
    }
}
