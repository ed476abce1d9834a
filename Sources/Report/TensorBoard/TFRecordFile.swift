/// A TFRecord file in memory: each record is its length (uint64, little-endian), the masked
/// CRC-32C of those 8 bytes, the payload, and the masked CRC-32C of the payload. TensorBoard's
/// event files are TFRecord files whose payloads are serialized `Event` messages.
struct TFRecordFile {
    private(set) var bytes: [UInt8] = []

    mutating func append(_ payload: [UInt8]) {
        var length: [UInt8] = []
        length.reserveCapacity(8)
        for index in 0..<8 { length.append(UInt8(truncatingIfNeeded: UInt64(payload.count) >> (8 * index))) }
        bytes.append(contentsOf: length)
        appendChecksum(of: length)
        bytes.append(contentsOf: payload)
        appendChecksum(of: payload)
    }

    private mutating func appendChecksum(of data: [UInt8]) {
        let crc = CRC32C.masked(data)
        for index in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: crc >> (8 * index))) }
    }
}
