// The renderer benchmark for `gradbook bench`: a loss chart of many long curves, drawn and encoded.
import Foundation

public enum ChartBenchmark {
    /// A deterministic loss chart: `curves` variants of `epochs` epochs with validation, training and a
    /// min-max band (the worst case for the rasteriser: every curve coloured or grey, all dashed pairs).
    public static func lossChart(curves: Int, epochs: Int) -> LossChart {
        var state: UInt64 = 0x9E3779B97F4A7C15
        func noise() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        let list = (0..<curves).map { c -> LossCurve in
            let floor = 0.01 + 0.3 * Double(c) / Double(max(1, curves))
            let tau = 5 + Double(c % 7) * 8
            let validation = (1...max(1, epochs)).map { e in (floor + 2 * exp(-Double(e) / tau)) * (1 + 0.05 * noise()) }
            return LossCurve(label: "variant \(c + 1)", validation: validation,
                             validationMin: validation.map { $0 * 0.95 }, validationMax: validation.map { $0 * 1.05 },
                             training: validation.map { $0 * 0.9 }, highlighted: c < 6)
        }
        return LossChart(title: "benchmark: \(curves) curves x \(epochs) epochs", curves: list)
    }

    /// Seconds to draw the loss chart of `curves` x `epochs` on the default 1600x1000 canvas (the best of
    /// three runs, excluding font loading); `includeEncoding` adds the PNG encoding.
    public static func renderLossCurves(curves: Int, epochs: Int, includeEncoding: Bool = false) -> Double {
        let chart = lossChart(curves: curves, epochs: epochs)
        var best = Double.infinity
        for _ in 0..<3 {
            guard let ctx = try? ChartContext(width: ChartRenderer.defaultWidth, height: ChartRenderer.defaultHeight,
                                              scale: ChartRenderer.defaultScale) else { return .nan }
            let start = DispatchTime.now().uptimeNanoseconds
            ChartRenderer.drawLossChart(chart, into: ctx)
            if includeEncoding { _ = try? PNGEncoder.encode(ctx.canvas) }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }
}
