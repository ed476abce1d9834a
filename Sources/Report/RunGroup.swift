import Core
import Foundation
import Notebook
import Records

/// Mean, sample standard deviation and count of a metric over the seeds of one variant.
struct MetricStats: Sendable, Equatable {
    var mean: Double
    /// Sample standard deviation (n - 1); nil for a single value.
    var std: Double?
    var n: Int
    var best: Double

    init?(_ values: [Double], maximize: Bool) {
        guard !values.isEmpty else { return nil }
        n = values.count
        mean = values.reduce(0, +) / Double(n)
        best = maximize ? values.max()! : values.min()!
        if n > 1 {
            let mean = self.mean
            // Identical values give exactly 0, not the rounding residue of their mean (1.4e-16).
            std = values.allSatisfy({ $0 == values[0] }) ? 0
                : (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)).squareRoot()
        }
    }
}

/// One point of a sweep aggregated over its seeds: what the results table shows as a row.
struct RunGroup: Sendable {
    /// Canonical form of the swept values: the same for every seed of the point.
    var key: String
    /// The variant's label without its seed, e.g. `lr=0.01 act=relu`.
    var label: String
    /// Swept values in the order the experiment declares its parameters.
    var values: [SweptValue]
    /// Planned variants of this point (one per seed); empty for records the notebook no longer plans.
    var planned: [Variant] = []
    /// Records of this point, in seed order.
    var records: [RunRecord] = []
    /// The ranking metric over finished runs (ok or early stopped) with a finite value.
    var stats: MetricStats?

    var missing: [Variant] {
        let recorded = Set(records.map(\.variant))
        // A first-release record may carry the variant's legacy id (see `Variant.legacyID`).
        return planned.filter { !recorded.contains($0.id) && !($0.legacyID.map(recorded.contains) ?? false) }
    }

    func value(of parameter: String) -> ConfigValue? {
        values.first { $0.name == parameter }?.value
    }

    /// Mean of a final metric over the finished runs (ok or early stopped) that report it finitely:
    /// a diverged run's last accuracy says nothing about the variant.
    func mean(of metric: String) -> Double? {
        let values = records.filter(\.status.counts).compactMap { $0.finalMetrics[metric] }.filter(\.isFinite)
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// `2 ok, 1 diverged`; `missing` when nothing ran.
    var statusSummary: String {
        var parts: [String] = []
        for status in RunStatus.allCases {
            let count = records.filter { $0.status == status }.count
            if count > 0 { parts.append("\(count) \(status.readable)") }
        }
        if !missing.isEmpty { parts.append("\(missing.count) missing") }
        return parts.joined(separator: ", ")
    }

    /// `30` or `12–30` when seeds stopped at different epochs.
    var epochsSummary: String {
        let counts = records.map(\.epochCount)
        guard let low = counts.min(), let high = counts.max() else { return "" }
        return low == high ? "\(low)" : "\(low)–\(high)"
    }

    /// Distinct folds among the records (0 without `dataset.folds`).
    var foldCount: Int { Set(records.compactMap(\.fold)).count }

    var meanSeconds: Double? {
        records.isEmpty ? nil : records.map(\.seconds).reduce(0, +) / Double(records.count)
    }

    /// The label a variant or record gets once its seed (and its fold, under `dataset.folds`) is removed.
    static func labelWithoutSeed(_ label: String) -> String {
        let kept = label.split(separator: " ").filter { !$0.hasPrefix("seed=") && !$0.hasPrefix("fold=") }
        let text = kept.joined(separator: " ")
        return text.isEmpty ? "default" : text
    }

    static func key(_ values: [SweptValue]) -> String {
        values.sorted { $0.name < $1.name }.map { "\($0.name)=\($0.value.canonical)" }.joined(separator: ";")
    }
}

extension RunStatus {
    /// Words for prose and tables: `early stopped`, `timed out`.
    var readable: String { rawValue.replacingOccurrences(of: "_", with: " ") }

    /// Runs whose final metrics rank the variant.
    var counts: Bool { self == .ok || self == .early_stopped }

    var isFailure: Bool { self == .diverged || self == .failed || self == .timed_out }
}
