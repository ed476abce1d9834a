import Charts

/// The chart cache's text of a chart whose input is mostly one long list: the list is written
/// field by field (numbers as their bit patterns, strings with their length), the rest of the
/// chart through `String(reflecting:)` as for every other chart. `String(reflecting:)` of a
/// 100,000-point metric chart (shortest decimal for every Double, reflection for every point) was
/// 9% of a 100,000-run report's CPU (perf, AMD EPYC Zen 5).
///
/// A field added to a point type must be written here too: `ChartInputTests` fails until it is.
protocol ListChartInput {
    var cacheInput: String { get }
}

/// Bytes of a cache text; exact and unambiguous, never shown to anyone.
struct ChartInputWriter {
    private(set) var bytes: [UInt8] = []

    init(head: String, capacity: Int) {
        bytes.reserveCapacity(head.utf8.count + capacity)
        bytes.append(contentsOf: head.utf8)
    }

    mutating func number(_ value: Double) {
        let bits = value.bitPattern
        for shift in stride(from: 60, through: 0, by: -4) {
            let nibble = UInt8(truncatingIfNeeded: bits >> UInt64(shift)) & 0xF
            bytes.append(nibble < 10 ? 0x30 + nibble : 0x57 + nibble)
        }
        bytes.append(0x20)
    }

    mutating func text(_ value: String?) {
        guard let value else { bytes.append(contentsOf: "- ".utf8); return }
        bytes.append(contentsOf: "\(value.utf8.count):".utf8)
        bytes.append(contentsOf: value.utf8)
        bytes.append(0x20)
    }

    mutating func flag(_ value: Bool) { bytes.append(contentsOf: (value ? "1 " : "0 ").utf8) }

    mutating func endOfItem() { bytes.append(0x0A) }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}

extension MetricVsParameterChart: ListChartInput {
    var cacheInput: String {
        var head = self
        head.points = []
        var writer = ChartInputWriter(head: String(reflecting: head) + "\npoints \(points.count)\n", capacity: points.count * 40)
        for point in points {
            switch point.x {
            case .number(let value): writer.text("n"); writer.number(value)
            case .category(let name): writer.text("c"); writer.text(name)
            }
            writer.number(point.y)
            writer.text(point.group)
            writer.endOfItem()
        }
        return writer.string
    }
}

extension CostQualityChart: ListChartInput {
    var cacheInput: String {
        var head = self
        head.variants = []
        var writer = ChartInputWriter(head: String(reflecting: head) + "\nvariants \(variants.count)\n", capacity: variants.count * 90)
        for variant in variants {
            writer.text(variant.label)
            writer.number(variant.parameters)
            writer.number(variant.seconds)
            writer.number(variant.metric)
            writer.flag(variant.onParameterFront)
            writer.flag(variant.onTimeFront)
            writer.endOfItem()
        }
        return writer.string
    }
}
