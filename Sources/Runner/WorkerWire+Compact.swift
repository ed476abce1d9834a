import Core
import Records

// The two hot messages of the worker wire, `epoch` (one per epoch) and `result` (one per run, with
// the whole curve), in a compact line of their own instead of JSON: through Foundation's coders
// they cost a tiny run ~3 ms of CPU in the parent and the worker (measured with perf on AMD EPYC
// Zen 1, 2000 moons runs of 10 epochs), more than its training. Every other message, and a result
// that carries what this spelling does not (a termination), stays a JSON line; the decoder tells
// them apart by the first byte (`{` is JSON).
//
// A compact line is space-separated tokens, led by its kind and the spelling's version:
//   epoch:  `E1 <variant> <total epochs> <epoch record>`
//   result: `R1 <variant> <status> <reason> <diverged epoch> <best epoch> <seconds> <weights file>
//            <numerics> <threads> <count> (<metric> <value>)* <count> <epoch record>*`
//   epoch record: `<epoch> <learning rate> <count> (<metric> <value>)* <count> (<layer: 3 numbers>)*
//                  <count> (<norm: 6 numbers>)*`
// Numbers are exact: a Double is its IEEE bit pattern in 16 hexadecimal digits (NaN, infinities and -0
// survive as they are), an Int is decimal. A string is `=` then the text with `%`, space, tab,
// CR and LF percent-escaped; `~` is nil for an optional value.
extension WorkerWire {
    /// The line for `message` (compact when its kind has a compact spelling), ending in a newline.
    public static func encodeMessage(_ message: WorkerMessage) throws -> [UInt8] {
        var writer = CompactWriter()
        switch message.kind {
        case .epoch:
            guard let epoch = message.epoch else { break }
            writer.token("E1")
            writer.string(message.variant)
            writer.optionalInt(message.totalEpochs)
            writer.epochRecord(epoch)
            return writer.line()
        case .result:
            guard let outcome = message.result, outcome.termination == nil else { break }
            writer.token("R1")
            writer.string(message.variant)
            writer.token(outcome.status.rawValue)
            writer.optionalString(outcome.reason)
            writer.optionalInt(outcome.divergedEpoch)
            writer.optionalInt(outcome.bestEpoch)
            writer.double(outcome.seconds)
            writer.optionalString(outcome.weightsFile)
            writer.optionalInt(outcome.numerics)
            writer.optionalInt(outcome.threads)
            writer.metrics(outcome.finalMetrics)
            writer.int(outcome.epochs.count)
            for epoch in outcome.epochs { writer.epochRecord(epoch) }
            return writer.line()
        default:
            break
        }
        return try encode(message)
    }

    /// Reads a line written by `encodeMessage` (without its newline): compact or JSON.
    public static func decodeMessage(from line: [UInt8]) throws -> WorkerMessage {
        guard let first = line.first, first != UInt8(ascii: "{") else { return try decode(WorkerMessage.self, from: line) }
        var reader = CompactReader(line)
        switch try reader.token() {
        case "E1":
            let variant = try reader.string()
            let total = try reader.optionalInt()
            let epoch = try reader.epochRecord()
            try reader.end()
            return WorkerMessage(kind: .epoch, variant: variant, epoch: epoch, totalEpochs: total)
        case "R1":
            let variant = try reader.string()
            let word = try reader.token()
            guard let status = RunStatus(rawValue: word) else { throw CompactWireError("unknown run status '\(word)'") }
            var outcome = RunOutcome(status: status)
            outcome.reason = try reader.optionalString()
            outcome.divergedEpoch = try reader.optionalInt()
            outcome.bestEpoch = try reader.optionalInt()
            outcome.seconds = try reader.double()
            outcome.weightsFile = try reader.optionalString()
            outcome.numerics = try reader.optionalInt()
            outcome.threads = try reader.optionalInt()
            outcome.finalMetrics = try reader.metrics()
            let count = try reader.count()
            outcome.epochs.reserveCapacity(count)
            for _ in 0..<count { outcome.epochs.append(try reader.epochRecord()) }
            try reader.end()
            return .result(outcome, variant: variant)
        case let tag:
            throw CompactWireError("unknown message tag '\(tag)'")
        }
    }
}

/// A compact line that does not read.
struct CompactWireError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = "compact worker line: " + description }
}

struct CompactReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The next space-separated token's byte range.
    private mutating func next() throws -> Range<Int> {
        guard position < bytes.count else { throw CompactWireError("the line ends early") }
        let start = position
        while position < bytes.count && bytes[position] != 0x20 { position += 1 }
        let range = start..<position
        if position < bytes.count { position += 1 }
        guard !range.isEmpty else { throw CompactWireError("empty token at byte \(start)") }
        return range
    }

    mutating func end() throws {
        guard position >= bytes.count else { throw CompactWireError("unexpected bytes after the message at byte \(position)") }
    }

    mutating func token() throws -> String { String(decoding: bytes[try next()], as: UTF8.self) }

    /// True, and the token consumed, when the next token is exactly `word` (`~` before an
    /// optional value); false, nothing consumed, otherwise.
    mutating func isNext(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count, position + count == bytes.count || bytes[position + count] == 0x20 else { return false }
        for index in 0..<count where bytes[position + index] != word.utf8Start[index] { return false }
        position = min(bytes.count, position + count + 1)
        return true
    }

    private func isNil(_ range: Range<Int>) -> Bool { range.count == 1 && bytes[range.lowerBound] == UInt8(ascii: "~") }

    private func integer(_ range: Range<Int>) throws -> Int {
        var value = 0
        var index = range.lowerBound
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < range.upperBound else { throw CompactWireError("bad integer") }
        while index < range.upperBound {
            let digit = Int(bytes[index]) - 0x30
            guard (0...9).contains(digit) else { throw CompactWireError("bad integer") }
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(digit)
            guard !overflowTimes && !overflowSum else { throw CompactWireError("integer out of range") }
            value = sum
            index += 1
        }
        return negative ? -value : value
    }

    mutating func int() throws -> Int { try integer(try next()) }

    mutating func optionalInt() throws -> Int? {
        let range = try next()
        return isNil(range) ? nil : try integer(range)
    }

    /// A count of items that follow (each at least one token), never more than the line holds.
    mutating func count() throws -> Int {
        let value = try int()
        guard value >= 0 && value <= bytes.count else { throw CompactWireError("bad count \(value)") }
        return value
    }

    mutating func double() throws -> Double {
        let range = try next()
        guard range.count == 16 else { throw CompactWireError("bad number") }
        var bits: UInt64 = 0
        for byte in bytes[range] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            default: throw CompactWireError("bad number")
            }
            bits = bits << 4 | UInt64(digit)
        }
        return Double(bitPattern: bits)
    }

    private func text(_ range: Range<Int>) throws -> String {
        guard bytes[range.lowerBound] == UInt8(ascii: "=") else { throw CompactWireError("expected a string") }
        let body = (range.lowerBound + 1)..<range.upperBound
        // Most strings (metric names, ids) hold nothing escaped: read them in place.
        if !bytes[body].contains(0x25) { return String(decoding: bytes[body], as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var index = range.lowerBound + 1
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == 0x25 {
                guard index + 2 < range.upperBound, let high = Self.hexValue(bytes[index + 1]),
                      let low = Self.hexValue(bytes[index + 2]) else { throw CompactWireError("bad escape") }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func string() throws -> String { try text(try next()) }

    mutating func optionalString() throws -> String? {
        let range = try next()
        return isNil(range) ? nil : try text(range)
    }

    mutating func metrics() throws -> [String: Double] {
        let count = try count()
        var values: [String: Double] = [:]
        values.reserveCapacity(count)
        for _ in 0..<count {
            let name = try string()
            values[name] = try double()
        }
        return values
    }

    mutating func layer() throws -> LayerStatistics {
        LayerStatistics(gradientRMS: try double(), weightRMS: try double(), updateRatio: try double())
    }

    mutating func epochRecord() throws -> EpochRecord {
        let epoch = try int()
        let rate = try double()
        let metrics = try metrics()
        var layers: [LayerStatistics] = []
        let layerCount = try count()
        layers.reserveCapacity(layerCount)
        for _ in 0..<layerCount { layers.append(try layer()) }
        var norms: [NormStatistics] = []
        let normCount = try count()
        for _ in 0..<normCount { norms.append(NormStatistics(weight: try layer(), bias: try layer())) }
        return EpochRecord(epoch: epoch, learningRate: rate, metrics: metrics, layers: layers, norms: norms)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
