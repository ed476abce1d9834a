// Samples for the metric, heat map and gradient flow charts.
import Foundation
@testable import Charts
import Core

extension SampleCharts {
    /// Accuracy against a log-distributed learning rate, coloured by hidden width, 3 seeds each.
    static var metricByLearningRate: MetricVsParameterChart {
        var noise = SampleNoise(state: 11)
        var points: [ParameterPoint] = []
        for width in [16, 64, 256] {
            for lr in [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1] {
                let peak = 0.97 - 0.04 * (64 / Double(width)) * 0.3
                let distance = log10(lr / 0.01)
                for _ in 0..<3 {
                    let y = max(0.08, peak - 0.06 * distance * distance - (lr > 0.05 && width == 256 ? 0.5 : 0) + 0.01 * noise.next())
                    points.append(ParameterPoint(x: .number(lr), y: y, group: "\(width)"))
                }
            }
        }
        return MetricVsParameterChart(title: "digits-grid: validation accuracy vs learning rate", parameterName: "learning rate",
                                      metricName: "validation accuracy", logX: true, groupName: "hidden width", points: points)
    }

    /// Categorical: activation functions, 3 seeds, coloured by depth.
    static var metricByActivation: MetricVsParameterChart {
        var noise = SampleNoise(state: 5)
        var points: [ParameterPoint] = []
        let base = ["sigmoid": 0.62, "tanh": 0.88, "relu": 0.93, "gelu": 0.94, "leaky_relu": 0.925]
        for depth in [1, 4, 8] {
            for activation in ["sigmoid", "tanh", "relu", "gelu", "leaky_relu"] {
                for _ in 0..<3 {
                    let penalty = activation == "sigmoid" ? 0.05 * Double(depth) : 0.004 * Double(depth)
                    points.append(ParameterPoint(x: .category(activation), y: base[activation]! - penalty + 0.03 * noise.next(),
                                                 group: "\(depth)"))
                }
            }
        }
        return MetricVsParameterChart(title: "activations-depth: accuracy by activation", parameterName: "activation",
                                      metricName: "validation accuracy", groupName: "hidden layers", points: points)
    }

    static var heatmap3x3: HeatmapChart {
        HeatmapChart(title: "batch-lr: validation loss by batch size and learning rate", xName: "learning rate",
                     yName: "batch size", xLabels: ["0.001", "0.01", "0.1"], yLabels: ["16", "64", "256"],
                     values: [[0.412, 0.0931, 2.31], [0.655, 0.0874, 0.241], [0.981, 0.233, nil]],
                     metricName: "validation loss", higherIsBetter: false)
    }

    static func gradientVariant(_ label: String, layers: Int, epochs: Int, attenuation: Double, seed: UInt64) -> GradientFlowChart.Variant {
        var noise = SampleNoise(state: seed)
        let perLayer = (0..<layers).map { layer -> [Double] in
            let depthFromOutput = Double(layers - 1 - layer)
            let first = 0.05 * pow(attenuation, depthFromOutput)
            return (1...epochs).map { e in first * (0.3 + 0.7 * exp(-Double(e) / 8)) * (1 + 0.1 * noise.next()) }
        }
        return GradientFlowChart.Variant(label: label, perLayer: perLayer)
    }

    static var gradientFlow8: GradientFlowChart {
        GradientFlowChart(title: "activations-depth: gradient flow", variants: [
            gradientVariant("relu, 8 hidden layers", layers: 8, epochs: 40, attenuation: 0.85, seed: 1),
            gradientVariant("tanh, 8 hidden layers", layers: 8, epochs: 40, attenuation: 0.6, seed: 2),
            gradientVariant("sigmoid, 8 hidden layers", layers: 8, epochs: 40, attenuation: 0.25, seed: 3),
            gradientVariant("gelu, 8 hidden layers", layers: 8, epochs: 40, attenuation: 0.8, seed: 4),
            gradientVariant("sigmoid, 4 hidden layers", layers: 4, epochs: 40, attenuation: 0.25, seed: 5),
        ])
    }

    static var gradientFlow2: GradientFlowChart {
        GradientFlowChart(title: "quickstart: gradient flow", variants: [
            gradientVariant("adam lr=0.01", layers: 2, epochs: 30, attenuation: 0.7, seed: 9),
        ])
    }

    static var depthProfile: GradientFlowChart {
        GradientFlowChart(title: "activations-depth: gradient by depth", variants: [
            gradientVariant("relu, depth 8", layers: 8, epochs: 3, attenuation: 0.85, seed: 1),
            gradientVariant("gelu, depth 8", layers: 8, epochs: 3, attenuation: 0.8, seed: 4),
            gradientVariant("tanh, depth 8", layers: 8, epochs: 3, attenuation: 0.6, seed: 2),
            gradientVariant("sigmoid, depth 8", layers: 8, epochs: 3, attenuation: 0.25, seed: 3),
            gradientVariant("sigmoid, depth 2", layers: 2, epochs: 3, attenuation: 0.25, seed: 6),
        ])
    }
}
