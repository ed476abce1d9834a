import Core
import Foundation

/// The file format of a `TrainingCheckpoint`, version 1, little-endian throughout:
///
///     magic    8 bytes  "GBCKPT1\n"
///     version  u32      1
///     length   u64      payload bytes
///     digest   32 bytes SHA-256 of the payload
///     payload  the fields in declaration order (see `encode`)
///
/// Floats are stored as their bit patterns, so every value, NaN payloads included, comes back
/// exactly; epoch records travel as gradbook's JSON (which round-trips doubles exactly and spells
/// non-finite ones). A file with another magic or version, a short file, or a digest mismatch is
/// refused with a `CheckpointError`, never trusted.
extension TrainingCheckpoint {
    public static let formatVersion: UInt32 = 1
    static let magic = Array("GBCKPT1\n".utf8)

    public func encoded() -> [UInt8] {
        var out = CheckpointWriter()
        out.string(fingerprint)
        out.int(position.epoch); out.bool(position.inEpoch); out.int(position.nextRow); out.int(position.stepIndex)
        out.floats(parameters)
        out.floats(buffers)
        out.int(batchesTracked)
        out.int(optimizer.step); out.double(optimizer.muProduct)
        out.optionalFloats(optimizer.first); out.optionalFloats(optimizer.second)
        out.words(shuffle); out.words(dropout)
        out.ints(order)
        out.doubles(tally); out.ints(tallyCounts)
        out.doubles(layerSums); out.int(layerSteps)
        out.bool(firstLoss != nil); out.double(firstLoss ?? 0)
        out.bool(best != nil)
        if let best {
            out.int(best.epoch); out.double(best.value); out.optionalFloats(best.parameters); out.floats(best.buffers)
        }
        out.int(epochsWithoutImprovement)
        out.blob((try? JSONCoding.encoder(pretty: false).encode(epochs)).map(Array.init) ?? [])
        out.double(trainingSeconds)
        let payload = out.bytes
        var file = Self.magic
        withUnsafeBytes(of: Self.formatVersion.littleEndian) { file.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(contentsOf: SHA256.hash(payload))
        file.append(contentsOf: payload)
        return file
    }

    public init(decoding file: [UInt8]) throws {
        let headerSize = Self.magic.count + 4 + 8 + 32
        guard file.count >= headerSize, Array(file[0..<Self.magic.count]) == Self.magic else {
            throw CheckpointError("not a gradbook checkpoint")
        }
        var header = CheckpointReader(Array(file[Self.magic.count..<headerSize]))
        let version = UInt32(truncatingIfNeeded: try header.word(size: 4))
        guard version == Self.formatVersion else {
            throw CheckpointError("checkpoint format \(version), this gradbook reads \(Self.formatVersion)")
        }
        let length = try header.word(size: 8)
        guard length == UInt64(file.count - headerSize) else {
            throw CheckpointError("checkpoint is \(file.count - headerSize) bytes long, its header says \(length)")
        }
        let payload = Array(file[headerSize...])
        guard SHA256.hash(payload) == Array(file[(headerSize - 32)..<headerSize]) else {
            throw CheckpointError("checkpoint checksum does not match its contents")
        }
        var r = CheckpointReader(payload)
        fingerprint = try r.string()
        position = Position(epoch: try r.int(), inEpoch: try r.bool(), nextRow: try r.int(), stepIndex: try r.int())
        parameters = try r.floats()
        buffers = try r.floats()
        batchesTracked = try r.int()
        optimizer = OptimizerState(step: try r.int(), muProduct: try r.double(), first: try r.optionalFloats(),
                                   second: try r.optionalFloats())
        shuffle = try r.words()
        dropout = try r.words()
        order = try r.ints()
        tally = try r.doubles()
        tallyCounts = try r.ints()
        layerSums = try r.doubles()
        layerSteps = try r.int()
        let hasFirstLoss = try r.bool()
        let first = try r.double()
        firstLoss = hasFirstLoss ? first : nil
        if try r.bool() {
            best = Best(epoch: try r.int(), value: try r.double(), parameters: try r.optionalFloats(), buffers: try r.floats())
        } else {
            best = nil
        }
        epochsWithoutImprovement = try r.int()
        do {
            epochs = try JSONCoding.decoder.decode([EpochRecord].self, from: Data(try r.blob()))
        } catch let error as CheckpointError {
            throw error
        } catch {
            throw CheckpointError("checkpoint epoch records unreadable: \(error)")
        }
        trainingSeconds = try r.double()
        guard r.atEnd else { throw CheckpointError("checkpoint has \(r.remaining) bytes after its last field") }
    }
}

/// Why a checkpoint file was refused.
public struct CheckpointError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Appends fields: integers as 8-byte little-endian words, arrays as a count then the items.
struct CheckpointWriter {
    private(set) var bytes: [UInt8] = []

    mutating func word(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func int(_ value: Int) { word(UInt64(bitPattern: Int64(value))) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    mutating func double(_ value: Double) { word(value.bitPattern) }
    mutating func words(_ values: [UInt64]) { int(values.count); for value in values { word(value) } }
    mutating func ints(_ values: [Int]) { int(values.count); for value in values { int(value) } }
    mutating func doubles(_ values: [Double]) { int(values.count); for value in values { double(value) } }
    mutating func floats(_ values: [Float]) {
        int(values.count)
        bytes.reserveCapacity(bytes.count + 4 * values.count)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
    }
    mutating func optionalFloats(_ values: [Float]?) {
        bool(values != nil)
        if let values { floats(values) }
    }
    mutating func blob(_ values: [UInt8]) { int(values.count); bytes.append(contentsOf: values) }
    mutating func string(_ text: String) { blob(Array(text.utf8)) }
}

/// Reads what `CheckpointWriter` wrote; every read checks the bytes are there (a truncated or
/// forged count is an error, not an out-of-bounds read or a huge allocation).
struct CheckpointReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }
    var atEnd: Bool { remaining == 0 }

    private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw CheckpointError("checkpoint is truncated") }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func word(size: Int = 8) throws -> UInt64 {
        var value: UInt64 = 0
        for (shift, byte) in try take(size).enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
        return value
    }
    mutating func int() throws -> Int { Int(Int64(bitPattern: try word())) }
    mutating func bool() throws -> Bool {
        switch try take(1).first! {
        case 0: return false
        case 1: return true
        default: throw CheckpointError("checkpoint has a malformed flag")
        }
    }
    mutating func double() throws -> Double { Double(bitPattern: try word()) }
    /// A count of items of `size` bytes each that fit in what is left.
    private mutating func count(itemSize: Int) throws -> Int {
        let count = try int()
        guard count >= 0, count <= remaining / itemSize else { throw CheckpointError("checkpoint is truncated") }
        return count
    }
    mutating func words() throws -> [UInt64] { try (0..<count(itemSize: 8)).map { _ in try word() } }
    mutating func ints() throws -> [Int] { try (0..<count(itemSize: 8)).map { _ in try int() } }
    mutating func doubles() throws -> [Double] { try (0..<count(itemSize: 8)).map { _ in try double() } }
    mutating func floats() throws -> [Float] {
        try (0..<count(itemSize: 4)).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: try word(size: 4))) }
    }
    mutating func optionalFloats() throws -> [Float]? { try bool() ? try floats() : nil }
    mutating func blob() throws -> [UInt8] { Array(try take(try count(itemSize: 1))) }
    mutating func string() throws -> String { String(decoding: try blob(), as: UTF8.self) }
}
