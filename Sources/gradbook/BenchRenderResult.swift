import Charts
import Foundation

/// The chart renderer's benchmark: a loss chart of `curves` x `epochs` (Charts.ChartBenchmark,
/// which already keeps the best of three draws; we keep the best over `repeats` calls of it).
struct RenderBenchResult: Encodable {
    let workload = "render"
    let curves: Int
    let epochs: Int
    let repeats: Int
    let statistic = "best"
    /// Drawing only, and drawing plus PNG encoding.
    let seconds: Double
    let secondsWithEncoding: Double

    static func measure(curves: Int, epochs: Int, repeats: Int) -> RenderBenchResult {
        let draw = (0..<repeats).map { _ in ChartBenchmark.renderLossCurves(curves: curves, epochs: epochs) }
        let encode = (0..<repeats).map { _ in
            ChartBenchmark.renderLossCurves(curves: curves, epochs: epochs, includeEncoding: true)
        }
        // NaN (the renderer could not start, e.g. no font) must survive min(): report it as is.
        func best(_ runs: [Double]) -> Double { runs.contains { $0.isNaN } ? .nan : runs.min() ?? .nan }
        return RenderBenchResult(curves: curves, epochs: epochs, repeats: repeats, seconds: best(draw),
                                 secondsWithEncoding: best(encode))
    }

    enum CodingKeys: String, CodingKey {
        case workload, curves, epochs, repeats, statistic, seconds
        case secondsWithEncoding = "seconds_with_encoding"
    }

    func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // JSON has no NaN: a failed measurement is written as the string "nan".
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    var tableRow: String {
        "render        \(curves) curves x \(epochs) epochs: draw " + String(format: "%.3f s, draw + PNG %.3f s",
                                                                           seconds, secondsWithEncoding)
    }
}
