import Charts
import Foundation
import Notebook

/// Cost against quality for one experiment: each ranked variant's mean metric against its size
/// (trainable parameters) and its mean training seconds, the Pareto front of each, and the front in
/// words ("the best network under 5k parameters reaches 0.97").
struct CostQualitySummary: Sendable {
    var variants: [CostQualityChart.Variant] = []
    /// Front variants by parameters, fewest first (indices into `variants`).
    var parameterFront: [Int] = []
    var timeFront: [Int] = []

    init(results: ExperimentResults) {
        for group in results.ranked {
            guard let stats = group.stats, let count = group.planned.first?.parameterCount, count > 0,
                  let seconds = group.meanSeconds, seconds > 0 else { continue }
            variants.append(.init(label: group.label, parameters: Double(count), seconds: seconds, metric: stats.mean,
                                  onParameterFront: false, onTimeFront: false))
        }
        let maximize = results.metric.maximize
        parameterFront = ParetoFront.indices(costs: variants.map(\.parameters), qualities: variants.map(\.metric), higherIsBetter: maximize)
        timeFront = ParetoFront.indices(costs: variants.map(\.seconds), qualities: variants.map(\.metric), higherIsBetter: maximize)
        for index in parameterFront { variants[index].onParameterFront = true }
        for index in timeFront { variants[index].onTimeFront = true }
    }

    /// Sizes differ only when the sweep changes the network's shape; otherwise the front by size is
    /// one point and says nothing.
    var sizesVary: Bool { Set(variants.map(\.parameters)).count > 1 }

    /// The Markdown of the section: the front by size as a table, one sentence per step of it, and
    /// the fastest variant within reach of the best.
    func markdown(metric: RunConfig.Metric) -> String? {
        guard variants.count >= 2 else { return nil }
        var parts: [String] = []
        let name = metric.name
        if sizesVary, parameterFront.count > 1 {
            var sentences: [String] = []
            let best = variants[parameterFront.last!]
            for index in parameterFront.dropLast() {
                let v = variants[index]
                sentences.append("the best network with at most \(Self.count(v.parameters)) parameters (\(v.label)) reaches "
                    + "\(ReadableNumber.format(v.metric)), \(Self.gap(v.metric, best.metric)) the best overall with "
                    + "\(ReadableNumber.format(best.parameters / v.parameters, significant: 2))x fewer parameters")
            }
            parts.append("By size, " + sentences.joined(separator: "; ") + "; the best overall (\(best.label)) has "
                + "\(Self.count(best.parameters)) parameters and reaches \(ReadableNumber.format(best.metric)).")
            var table = MarkdownTable(headers: ["variant", "parameters", "s/run", name], alignments: [.left, .right, .right, .right])
            for index in parameterFront {
                let v = variants[index]
                table.append([v.label, Self.count(v.parameters), ReadableNumber.format(v.seconds, significant: 2), ReadableNumber.format(v.metric)])
            }
            parts.append("The Pareto front by size (no smaller network does better):\n\n" + table.rendered)
        } else if !sizesVary {
            parts.append("Every variant has \(Self.count(variants[0].parameters)) parameters, so only training time varies.")
        }
        if timeFront.count > 1 {
            let best = variants[timeFront.last!], fastest = variants[timeFront.first!]
            parts.append("By training time, the fastest variant on the front (\(fastest.label)) takes "
                + "\(ReadableNumber.format(fastest.seconds, significant: 2)) s per run and reaches \(ReadableNumber.format(fastest.metric)); "
                + "the best (\(best.label)) takes \(ReadableNumber.format(best.seconds, significant: 2)) s; "
                + "\(timeFront.count) variants are on the front.")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "\n\n")
    }

    /// `4,226` below ten thousand, `12.4k`, `1.2M` above.
    static func count(_ value: Double) -> String {
        if value < 10_000 {
            let formatter = NumberFormatter()
            formatter.numberStyle = .decimal
            formatter.groupingSeparator = ","
            formatter.usesGroupingSeparator = true
            return formatter.string(from: NSNumber(value: Int(value))) ?? String(Int(value))
        }
        if value < 1_000_000 { return ReadableNumber.format(value / 1000, significant: 3) + "k" }
        return ReadableNumber.format(value / 1_000_000, significant: 3) + "M"
    }

    /// `0.012 below` / `0.012 above`: how far a front point is from the best.
    static func gap(_ value: Double, _ best: Double) -> String {
        let difference = abs(best - value)
        return "\(ReadableNumber.format(difference, significant: 2)) \(value < best ? "below" : "above")"
    }
}
