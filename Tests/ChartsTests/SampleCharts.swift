// Realistic chart inputs shared by the rendering tests and the preview images.
import Foundation
@testable import Charts

/// A tiny deterministic generator so the samples are identical on every run.
struct SampleNoise {
    var state: UInt64
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) - 0.5
    }
}

enum SampleCharts {
    static func lossCurve(label: String, epochs: Int, start: Double, floor: Double, tau: Double, seed: UInt64,
                          seeds: Int = 1, diverge: Int? = nil, highlighted: Bool = true) -> LossCurve {
        var noise = SampleNoise(state: seed)
        var runs: [[Double]] = []
        for _ in 0..<seeds {
            runs.append((1...epochs).map { e in
                let base = floor + (start - floor) * exp(-Double(e) / tau)
                return base * (1 + 0.08 * noise.next())
            })
        }
        var validation = (0..<epochs).map { i in runs.map { $0[i] }.reduce(0, +) / Double(seeds) }
        var training = validation.enumerated().map { $0.element * (0.92 - 0.1 * Double($0.offset) / Double(epochs)) }
        if let diverge {
            for i in 0..<epochs where i + 1 >= diverge - 2 {
                let factor = pow(8, Double(i + 3 - diverge))
                validation[i] = i + 1 > diverge ? .nan : validation[i] * factor
                training[i] = i + 1 > diverge ? .nan : training[i] * factor
            }
        }
        let lower = seeds > 1 ? (0..<epochs).map { i in runs.map { $0[i] }.min()! } : nil
        let upper = seeds > 1 ? (0..<epochs).map { i in runs.map { $0[i] }.max()! } : nil
        return LossCurve(label: label, validation: validation, validationMin: diverge == nil ? lower : nil,
                         validationMax: diverge == nil ? upper : nil, training: training, divergedAtEpoch: diverge,
                         highlighted: highlighted)
    }

    /// 18 variants x 3 seeds, best first, with one diverged run; losses span about three decades.
    static var manyVariants: LossChart {
        var curves: [LossCurve] = []
        let rates = ["0.0003", "0.001", "0.003", "0.01", "0.03", "0.1"]
        let widths = [16, 64, 256]
        var k: UInt64 = 1
        for lr in rates {
            for width in widths {
                let speed = Double(lr)! * 300 * Double(width).squareRoot() / 8
                curves.append(lossCurve(label: "lr=\(lr) hidden=\(width) activation=relu", epochs: 60, start: 2.3,
                                        floor: 0.002 + 0.3 / (1 + speed), tau: 4 + 30 / (1 + speed), seed: k, seeds: 3,
                                        diverge: lr == "0.1" && width == 256 ? 14 : nil))
                k += 1
            }
        }
        curves.sort { ($0.validation.last(where: \.isFinite) ?? 9) < ($1.validation.last(where: \.isFinite) ?? 9) }
        for i in curves.indices { curves[i].highlighted = i < 5 }
        return LossChart(title: "digits-grid: validation loss by variant (18 variants, 3 seeds each)", curves: curves)
    }

    static var fewVariants: LossChart {
        LossChart(title: "quickstart: loss", curves: [
            lossCurve(label: "adam lr=0.01", epochs: 30, start: 0.7, floor: 0.25, tau: 6, seed: 7, seeds: 3),
            lossCurve(label: "sgd lr=0.1", epochs: 30, start: 0.7, floor: 0.32, tau: 10, seed: 8, seeds: 3),
            lossCurve(label: "sgd lr=3.0", epochs: 30, start: 0.7, floor: 0.3, tau: 3, seed: 9, diverge: 9),
        ])
    }
}
