import Core
import Foundation
import Notebook
import Records

/// Per-layer gradient flow of the points of one experiment: which to chart, and the sentence that
/// says whether the error signal reaches the first layer.
struct GradientFlowSummary: Sendable {
    struct Point: Sendable {
        var label: String
        /// The swept values, to find variants that differ from another in one parameter only.
        var values: [SweptValue]
        /// perLayer[layer][epoch - 1]: gradient RMS averaged over seeds.
        var perLayer: [[Double]]
        /// normScale[i][epoch - 1], normShift[i][epoch - 1]: the same for the scale (`norms.{i}.weight`)
        /// and the shift (`norms.{i}.bias`) of the norm after hidden layer i; empty without norms.
        var normScale: [[Double]] = []
        var normShift: [[Double]] = []
        /// First epoch: first layer's gradient RMS over the last layer's (geometric mean over seeds).
        var firstOverLast: Double?
    }

    /// Best point first (if it has layer statistics), then the 1-3 that contrast with it most.
    var charted: [Point]
    var all: [Point]

    init(results: ExperimentResults) {
        var points: [Point] = []
        for group in results.groups {
            let withLayers = group.records.filter { !($0.epochs.first?.layers.isEmpty ?? true) }
            guard !withLayers.isEmpty else { continue }
            points.append(Point(label: group.label, values: group.values, perLayer: Self.meanPerLayer(withLayers),
                                normScale: Self.meanPerRow(withLayers) { $0.norms.map(\.weight) },
                                normShift: Self.meanPerRow(withLayers) { $0.norms.map(\.bias) },
                                firstOverLast: Self.firstOverLast(withLayers)))
        }
        all = points
        guard let best = points.first else { charted = []; return }
        // Greedily the most different ratios, each at least a factor of two from those already
        // chosen, so three sigmoid variants with the same ratio do not crowd the chart.
        var chosen = best.firstOverLast.map { [log10($0)] } ?? []
        var others: [Point] = []
        if let reference = chosen.first {
            let candidates = points.dropFirst().compactMap { point in point.firstOverLast.map { (point, log10($0)) } }
                .sorted { abs($0.1 - reference) > abs($1.1 - reference) }
            for (point, ratio) in candidates where others.count < 3 && chosen.allSatisfy({ abs($0 - ratio) >= log10(2) }) {
                chosen.append(ratio)
                others.append(point)
            }
        }
        charted = [best] + (others.isEmpty ? Array(points.dropFirst().prefix(1)) : others)
    }

    /// The variant whose first layer receives the least gradient, and up to three that differ from
    /// it in a single parameter and receive at least ten times more (same depth first); when no
    /// such neighbour exists, the variant with the most.
    var contrast: (lowest: Point, others: [Point])? {
        let rated = all.compactMap { point in point.firstOverLast.map { (point: point, ratio: $0) } }
        guard let lowest = rated.min(by: { $0.ratio < $1.ratio }),
              let highest = rated.max(by: { $0.ratio < $1.ratio }) else { return nil }
        let depth = lowest.point.perLayer.count
        let peers = rated.filter { Self.differInOne($0.point.values, lowest.point.values) && log10($0.ratio / lowest.ratio) >= 1 }
            .sorted { lhs, rhs in
                let (a, b) = (lhs.point.perLayer.count == depth, rhs.point.perLayer.count == depth)
                return a != b ? a : lhs.ratio > rhs.ratio
            }
        if !peers.isEmpty { return (lowest.point, peers.prefix(3).map(\.point)) }
        return (lowest.point, log10(highest.ratio / lowest.ratio) >= 1 ? [highest.point] : [])
    }

    /// A plain sentence when the pattern is clear; nil when there is nothing to say.
    var sentence: String? {
        let rated = all.compactMap { point in point.firstOverLast.map { (point.label, $0) } }
        guard let low = rated.min(by: { $0.1 < $1.1 }), let high = rated.max(by: { $0.1 < $1.1 }) else { return nil }
        let lead = "In the first epoch,"
        if let contrast, !contrast.others.isEmpty, let ratio = contrast.lowest.firstOverLast {
            // Contrast like with like: sigmoid at depth 8 against relu at depth 8.
            return "\(lead) with `\(contrast.lowest.label)` the first layer receives \(Self.share(ratio)); "
                + contrast.others.map { "with `\($0.label)` \(Self.share($0.firstOverLast ?? 0, short: true))" }
                    .joined(separator: "; ") + "."
        }
        if low.1 < 0.01 {
            return "\(lead) with `\(low.0)` the first layer receives only \(Self.share(low.1)): "
                + "the error signal vanishes on its way back through the layers."
        }
        if high.1 > 100 {
            return "\(lead) with `\(high.0)` the first layer receives \(Self.share(high.1)): "
                + "the error signal grows on its way back through the layers."
        }
        if rated.count > 1 {
            return "\(lead) the ratio of the first layer's gradient RMS to the last layer's stays between "
                + "\(ReadableNumber.format(low.1, significant: 2)) and \(ReadableNumber.format(high.1, significant: 2)) "
                + "in every variant: no vanishing or exploding gradients."
        }
        return nil
    }

    static func differInOne(_ a: [SweptValue], _ b: [SweptValue]) -> Bool {
        guard a.count == b.count else { return false }
        let other = Dictionary(b.map { ($0.name, $0.value.canonical) }, uniquingKeysWith: { x, _ in x })
        return a.filter { other[$0.name] != $0.value.canonical }.count == 1
    }

    private static func share(_ ratio: Double, short: Bool = false) -> String {
        if ratio >= 0.75 && ratio <= 1.33 { return "about as much as the last layer" }
        let amount = ReadableNumber.fraction(ratio)
        if short { return amount }
        return ratio < 1 ? "\(amount) of the last layer's gradient" : "\(amount) the last layer's gradient"
    }

    static func meanPerLayer(_ records: [RunRecord]) -> [[Double]] {
        meanPerRow(records) { $0.layers }
    }

    /// rows(epoch)[r]'s gradient RMS per epoch, averaged over the records that have the row.
    static func meanPerRow(_ records: [RunRecord], _ rows: (EpochRecord) -> [LayerStatistics]) -> [[Double]] {
        let rowCount = records.map { $0.epochs.first.map { rows($0).count } ?? 0 }.max() ?? 0
        let epochCount = records.map(\.epochs.count).max() ?? 0
        return (0..<rowCount).map { row in
            var series: [Double] = []
            for epoch in 0..<epochCount {
                let values = records.compactMap { record -> Double? in
                    guard epoch < record.epochs.count else { return nil }
                    let statistics = rows(record.epochs[epoch])
                    guard row < statistics.count else { return nil }
                    let value = statistics[row].gradientRMS
                    return value.isFinite ? value : nil
                }
                guard !values.isEmpty else { break }
                series.append(values.reduce(0, +) / Double(values.count))
            }
            return series
        }
    }

    static func firstOverLast(_ records: [RunRecord]) -> Double? {
        let logs = records.compactMap { record -> Double? in
            guard let layers = record.epochs.first?.layers, layers.count >= 2,
                  let first = layers.first?.gradientRMS, let last = layers.last?.gradientRMS,
                  first > 0, last > 0, first.isFinite, last.isFinite else { return nil }
            return log(first / last)
        }
        return logs.isEmpty ? nil : exp(logs.reduce(0, +) / Double(logs.count))
    }
}
