/// Why our own and not swift-protobuf: TensorBoard needs ~14 message kinds written, never read.
/// This writer and the two files that use it (TensorBoardEvent, HParamsPluginData) are ~250 lines
/// (10.8 KB). Generated code for event.proto, summary.proto (and the tensor/types protos it
/// imports), plugin_data.proto and api.proto is ~45 messages; protoc-gen-swift emits ~4.3 KB per
/// message (measured on its struct.pb.swift: 17 KB for 3 messages and an enum), so ~190 KB
/// committed, plus the swift-protobuf runtime as a new dependency. The byte-level tests compare
/// this writer with the reference protobuf library's serialisation, and TensorBoard reads it back.
///
/// The protocol-buffer wire format, for writing only: varints, 64-bit and 32-bit little-endian
/// numbers, and length-delimited fields (strings, bytes, nested messages). Each call writes one
/// field as given, default values included: the caller leaves out what proto3 would omit, and
/// sets a oneof member even when it is zero (as it must).
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    private enum WireType: UInt64 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
    }

    mutating func varint(_ field: Int, _ value: UInt64) {
        tag(field, .varint)
        appendVarint(value)
    }

    /// int32 / int64 / enum fields: negative values take ten bytes (two's complement), as protobuf says.
    mutating func integer(_ field: Int, _ value: Int64) {
        varint(field, UInt64(bitPattern: value))
    }

    mutating func bool(_ field: Int, _ value: Bool) {
        varint(field, value ? 1 : 0)
    }

    mutating func double(_ field: Int, _ value: Double) {
        tag(field, .fixed64)
        appendLittleEndian(value.bitPattern, byteCount: 8)
    }

    mutating func float(_ field: Int, _ value: Float) {
        tag(field, .fixed32)
        appendLittleEndian(UInt64(value.bitPattern), byteCount: 4)
    }

    mutating func string(_ field: Int, _ value: String) {
        bytes(field, Array(value.utf8))
    }

    mutating func bytes(_ field: Int, _ value: [UInt8]) {
        tag(field, .lengthDelimited)
        appendVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A nested message, built by `body` on a writer of its own.
    mutating func message(_ field: Int, _ body: (inout ProtobufWriter) -> Void) {
        var nested = ProtobufWriter()
        body(&nested)
        bytes(field, nested.bytes)
    }

    private mutating func tag(_ field: Int, _ type: WireType) {
        appendVarint(UInt64(field) << 3 | type.rawValue)
    }

    private mutating func appendVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private mutating func appendLittleEndian(_ value: UInt64, byteCount: Int) {
        for index in 0..<byteCount { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
    }
}
