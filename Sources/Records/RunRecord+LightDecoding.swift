import Core
import Foundation

extension RunRecord {
    /// Reads a record as `light` would leave it, without building its curves and configuration:
    /// the bytes of the top-level `epochs` and `config` values are skipped before decoding (a
    /// record's curves are most of its bytes and of its decoding time). Same result as
    /// `decode(...).light`, several times faster. Read by `JSONByteReader` (JSONDecoder for what it
    /// cannot read).
    public static func decodeLight(_ bytes: [UInt8]) throws -> RunRecord {
        if let record = read(bytes, .light) { return record }
        var cut = LightRecordBytes(bytes)
        let stripped = cut.stripped()
        var record = try JSONCoding.decoder.decode(RunRecord.self, from: Data(stripped))
        record.droppedEpochCount = cut.epochCount
        return record
    }

    /// Reads a record with its curves but without its resolved configuration (`config` is
    /// `.null`): what a report reads, which never looks at a record's configuration (the plan's
    /// variants carry it), and decoding its forty-odd values was a tenth of a re-render.
    public static func decodeWithoutConfig(_ bytes: [UInt8]) throws -> RunRecord {
        if let record = read(bytes, .withoutConfig) { return record }
        var cut = LightRecordBytes(bytes, strippingEpochs: false)
        return try JSONCoding.decoder.decode(RunRecord.self, from: Data(cut.stripped()))
    }
}

/// A byte scanner of one JSON object that replaces the values of its top-level `epochs` (with
/// `[]`, counting its elements; unless `strippingEpochs` is false) and `config` (with `null`).
/// Every other byte is copied as it is, so anything it does not understand is left for the JSON
/// decoder to report.
struct LightRecordBytes {
    private let bytes: [UInt8]
    private let strippingEpochs: Bool
    private var position = 0
    private(set) var epochCount = 0

    init(_ bytes: [UInt8], strippingEpochs: Bool = true) {
        self.bytes = bytes
        self.strippingEpochs = strippingEpochs
    }

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), colon = UInt8(ascii: ":")
    // Plain comparisons, not a Set: the scan looks at every byte of a record, and hashing each
    // byte showed at the top of `gradbook report`'s profile.
    private static func isOpener(_ byte: UInt8) -> Bool { byte == 0x7B || byte == 0x5B }  // { [
    private static func isCloser(_ byte: UInt8) -> Bool { byte == 0x7D || byte == 0x5D }  // } ]
    private static let epochsKey = Array("\"epochs\"".utf8), configKey = Array("\"config\"".utf8)

    mutating func stripped() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(strippingEpochs ? bytes.count / 4 : bytes.count)
        var depth = 0
        while position < bytes.count {
            let byte = bytes[position]
            if byte == Self.quote {
                let start = position
                skipString()
                let key = bytes[start..<position]
                output.append(contentsOf: key)
                guard depth == 1, let valueStart = valueAfterColon() else { continue }
                output.append(contentsOf: bytes[position..<valueStart])
                position = valueStart
                let isEpochs = key.elementsEqual(Self.epochsKey)
                guard (isEpochs && strippingEpochs) || key.elementsEqual(Self.configKey) else {
                    // Any other member's value is copied whole, in one piece rather than byte by byte.
                    skipValue()
                    output.append(contentsOf: bytes[valueStart..<position])
                    continue
                }
                let elements = skipValue()
                if isEpochs { epochCount = elements }
                output.append(contentsOf: Array((isEpochs ? "[]" : "null").utf8))
                continue
            }
            if Self.isOpener(byte) { depth += 1 }
            if Self.isCloser(byte) { depth -= 1 }
            output.append(byte)
            position += 1
        }
        return output
    }

    /// From just after a string: the index of the value when a colon follows (a key), else nil.
    private func valueAfterColon() -> Int? {
        var index = position
        while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
        guard index < bytes.count, bytes[index] == Self.colon else { return nil }
        index += 1
        while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
        return index
    }

    /// Moves past the string starting at `position` (its closing quote included).
    private mutating func skipString() {
        position += 1
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == Self.backslash { position += 1; continue }
            if byte == Self.quote { return }
        }
    }

    /// Moves past one value; for an array, returns its element count (commas at its own level).
    @discardableResult
    private mutating func skipValue() -> Int {
        guard position < bytes.count, Self.isOpener(bytes[position]) else {
            // A scalar: up to the next comma or closer at this level.
            while position < bytes.count, bytes[position] != UInt8(ascii: ","), !Self.isCloser(bytes[position]) {
                if bytes[position] == Self.quote { skipString() } else { position += 1 }
            }
            return 0
        }
        var depth = 0, commas = 0, empty = true
        while position < bytes.count {
            let byte = bytes[position]
            if byte == Self.quote { skipString(); empty = false; continue }
            position += 1
            if Self.isOpener(byte) {
                depth += 1
                if depth > 1 { empty = false }
            } else if Self.isCloser(byte) {
                depth -= 1
                if depth == 0 { break }
            } else if depth == 1 && byte == UInt8(ascii: ",") {
                commas += 1
            } else if !Self.isSpace(byte) {
                empty = false
            }
        }
        return empty ? 0 : commas + 1
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
