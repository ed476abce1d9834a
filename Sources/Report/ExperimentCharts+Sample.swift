import Core
import Foundation
import Records

/// How many lines the many-line charts of a large sweep draw, and which: the best variants always,
/// then a deterministic sample of the rest by a hash of each variant's swept values
/// (`CurveSample`), so the same records draw the same chart everywhere. Below the limits every
/// variant is drawn, as before.
extension ExperimentCharts {
    /// Context curves (beyond the highlighted best) of the loss chart.
    static let lossLineLimit = 400
    /// Lines of the parallel-coordinates chart.
    static let parallelLineLimit = 500

    /// The groups a chart draws of `groups` (best first): the first `keepFirst`, then those of the
    /// rest in the hash sample of `limit`; in the order given.
    static func sampled(_ groups: [RunGroup], keepFirst: Int, limit: Int) -> [RunGroup] {
        guard groups.count > keepFirst + limit else { return groups }
        let rest = groups.count - keepFirst
        return groups.enumerated().filter { index, group in
            index < keepFirst || CurveSample.keeps(group.key, of: rest, limit: limit)
        }.map(\.element)
    }

    /// The loss chart's groups: those with curves in memory (see `ReportRecords`), sampled.
    static func lossGroups(_ results: ExperimentResults) -> (drawn: [RunGroup], total: Int) {
        let withCurves = results.groups.filter { group in group.records.contains(where: \.hasCurves) }
        let total = results.groups.filter { !$0.records.isEmpty }.count
        return (sampled(withCurves, keepFirst: highlightLimit, limit: lossLineLimit), total)
    }

    /// " Drawn: 405 of 100,000 variants (the best 5 and a fixed sample by variant)." when sampled.
    static func sampleNote(drawn: Int, total: Int) -> String {
        guard drawn < total else { return "" }
        return " Drawn: \(drawn) of \(total) variants (the best and a fixed sample, chosen by a hash of the swept values)."
    }
}
