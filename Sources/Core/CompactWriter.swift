/// A line of space-separated, exact tokens (the worker wire's compact lines, `WorkerWire+Compact`,
/// and the chart cache's text of list charts): a Double is its IEEE bit pattern in 16 hexadecimal
/// digits, an Int decimal, a string `=` and its text with `%`, space, tab, CR and LF
/// percent-escaped, `~` a nil. Inlinable, as the worker and the parent write one per epoch.
public struct CompactWriter {
    @usableFromInline
    var storage: [UInt8] = []

    /// What has been written so far.
    public var bytes: [UInt8] { storage }

    public init(capacity: Int = 1024) { storage.reserveCapacity(capacity) }

    @usableFromInline
    mutating func separate() {
        if !storage.isEmpty { storage.append(0x20) }
    }

    @inlinable
    public mutating func token(_ word: String) {
        separate()
        storage.append(contentsOf: word.utf8)
    }

    @inlinable
    public mutating func int(_ value: Int) { token(String(value)) }

    @inlinable
    public mutating func optionalInt(_ value: Int?) {
        if let value { int(value) } else { token("~") }
    }

    /// Always 16 digits: a line cut short inside a number does not read as another number.
    @inlinable
    public mutating func double(_ value: Double) {
        separate()
        let bits = value.bitPattern
        for shift in stride(from: 60, through: 0, by: -4) {
            let digit = UInt8(truncatingIfNeeded: bits >> UInt64(shift)) & 0x0F
            storage.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
        }
    }

    @inlinable
    public mutating func string(_ text: String) {
        separate()
        storage.append(UInt8(ascii: "="))
        for byte in text.utf8 {
            switch byte {
            case 0x25, 0x20, 0x09, 0x0A, 0x0D:
                storage.append(0x25)
                storage.append(Self.hexDigit(byte >> 4))
                storage.append(Self.hexDigit(byte & 0x0F))
            default:
                storage.append(byte)
            }
        }
    }

    @inlinable
    public mutating func bool(_ value: Bool) { token(value ? "t" : "f") }

    @inlinable
    public mutating func optionalString(_ text: String?) {
        if let text { string(text) } else { token("~") }
    }

    /// Sorted by name, so the same values always give the same line.
    @inlinable
    public mutating func metrics(_ values: [String: Double]) {
        int(values.count)
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            string(name)
            double(value)
        }
    }

    @inlinable
    public mutating func layer(_ statistics: LayerStatistics) {
        double(statistics.gradientRMS)
        double(statistics.weightRMS)
        double(statistics.updateRatio)
    }

    @inlinable
    public mutating func epochRecord(_ record: EpochRecord) {
        int(record.epoch)
        double(record.learningRate)
        metrics(record.metrics)
        int(record.layers.count)
        for layer in record.layers { self.layer(layer) }
        int(record.norms.count)
        for norm in record.norms {
            layer(norm.weight)
            layer(norm.bias)
        }
    }

    @inlinable
    public mutating func line() -> [UInt8] {
        storage.append(0x0A)
        return storage
    }

    @usableFromInline
    static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }
}
