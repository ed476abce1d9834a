import Charts
import Core

/// The chart cache's text of a chart whose input is mostly one long list: the list is written
/// field by field in exact tokens (`CompactWriter`: numbers as their bit patterns), the rest of the
/// chart through `String(reflecting:)` as for every other chart. `String(reflecting:)` of a
/// 100,000-point metric chart (shortest decimal for every Double, reflection for every point) was
/// 9% of a 100,000-run report's CPU (perf, AMD EPYC Zen 5).
///
/// A field added to a point type must be written here too: `ChartInputTests` fails until it is.
protocol ListChartInput {
    /// The text's bytes: hashed as they are, never copied into a `String` (at 100,000 points the
    /// text runs to ~9 MB a chart, and each copy of it was held while two charts were drawn).
    var cacheInputBytes: [UInt8] { get }
}

extension ListChartInput {
    var cacheInput: String { String(decoding: cacheInputBytes, as: UTF8.self) }
}

extension MetricVsParameterChart: ListChartInput {
    var cacheInputBytes: [UInt8] {
        var head = self
        head.points = []
        var writer = CompactWriter(capacity: points.count * 40 + 1024)
        writer.string(String(reflecting: head))
        writer.int(points.count)
        for point in points {
            switch point.x {
            case .number(let value): writer.token("n"); writer.double(value)
            case .category(let name): writer.token("c"); writer.string(name)
            }
            writer.double(point.y)
            writer.optionalString(point.group)
        }
        return writer.bytes
    }
}

extension CostQualityChart: ListChartInput {
    var cacheInputBytes: [UInt8] {
        var head = self
        head.variants = []
        var writer = CompactWriter(capacity: variants.count * 90 + 1024)
        writer.string(String(reflecting: head))
        writer.int(variants.count)
        for variant in variants {
            writer.string(variant.label)
            writer.double(variant.parameters)
            writer.double(variant.seconds)
            writer.double(variant.metric)
            writer.bool(variant.onParameterFront)
            writer.bool(variant.onTimeFront)
        }
        return writer.bytes
    }
}
