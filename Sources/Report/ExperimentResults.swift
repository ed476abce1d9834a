import Core
import Foundation
import Notebook
import Records

/// The runs of one experiment cell, grouped over seeds and ranked by the experiment's metric.
struct ExperimentResults: Sendable {
    // A changed copy gets a memo of its own, so what `distinctValues(of:)` keeps never describes
    // other variants or groups (tests edit copies; init's assignments run no observers).
    var experiment: Experiment { didSet { distinctValueMemo = DistinctValueMemo() } }
    /// Best first; then points whose runs all failed; then points with no record at all.
    var groups: [RunGroup] { didSet { distinctValueMemo = DistinctValueMemo() } }
    var records: [RunRecord]
    /// Each parameter's distinct values, worked out once: charts, tables, importance and advice
    /// all ask, and each asking walked every variant (perf: 7% of a 100,000-run report).
    private(set) var distinctValueMemo = DistinctValueMemo()

    var metric: RunConfig.Metric { experiment.metric }
    // Ranked groups come first (init sorts them so): the best and the runner-up are read off the
    // front instead of filtering every group each time the report asks (30 places).
    var ranked: [RunGroup] { Array(groups.prefix { $0.stats != nil }) }
    var best: RunGroup? { groups.first.flatMap { $0.stats != nil ? $0 : nil } }
    var runnerUp: RunGroup? { groups.dropFirst().first.flatMap { $0.stats != nil ? $0 : nil } }
    var failures: [RunRecord] { records.filter { $0.status.isFailure } }
    var missing: [Variant] { groups.flatMap(\.missing) }

    init(experiment: Experiment, records allRecords: [RunRecord]) {
        self.experiment = experiment
        let records = allRecords.filter { $0.experiment == experiment.name }
            .sorted { ($0.label, $0.seed, $0.variant) < ($1.label, $1.seed, $1.variant) }
        self.records = records

        var groups: [RunGroup] = []
        var indexByKey: [String: Int] = [:]
        var groupOfVariant: [String: String] = [:]
        func index(for key: String, label: String, values: [SweptValue]) -> Int {
            if let index = indexByKey[key] { return index }
            groups.append(RunGroup(key: key, label: label, values: values))
            indexByKey[key] = groups.count - 1
            return groups.count - 1
        }
        for variant in experiment.variants {
            let key = RunGroup.key(variant.parameters)
            let at = index(for: key, label: RunGroup.labelWithoutSeed(variant.label), values: variant.parameters)
            groups[at].planned.append(variant)
            groupOfVariant[variant.id] = key
            if let legacy = variant.legacyID { groupOfVariant[legacy] = key }
        }
        let order = experiment.parameters.map(\.name)
        for record in records {
            // A planned variant's group exists already: its values and label are not built again.
            if let key = groupOfVariant[record.variant], let at = indexByKey[key] {
                groups[at].records.append(record)
                continue
            }
            let values = Self.orderedValues(record.parameters, order: order)
            let at = index(for: RunGroup.key(values), label: RunGroup.labelWithoutSeed(record.label), values: values)
            groups[at].records.append(record)
        }
        let maximize = experiment.metric.maximize
        for at in groups.indices {
            groups[at].records.sort { ($0.seed, $0.fold ?? 0, $0.variant) < ($1.seed, $1.fold ?? 0, $1.variant) }
            let values = groups[at].records.filter { $0.status.counts }
                .compactMap { $0.finalMetrics[experiment.metric.name] }.filter(\.isFinite)
            groups[at].stats = MetricStats(values, maximize: maximize)
        }
        // Stable ranking: by mean, then by label so ties read the same every time.
        self.groups = groups.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element, rhs.element)
            switch (a.stats, b.stats) {
            case let (x?, y?):
                if x.mean != y.mean { return maximize ? x.mean > y.mean : x.mean < y.mean }
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil):
                if a.records.isEmpty != b.records.isEmpty { return !a.records.isEmpty }
            }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// Record parameters (a dictionary) in the experiment's declared order; unknown names last.
    static func orderedValues(_ parameters: [String: ConfigValue], order: [String]) -> [SweptValue] {
        let known = order.compactMap { name in parameters[name].map { SweptValue(name: name, value: $0) } }
        let extra = parameters.keys.filter { !order.contains($0) }.sorted()
            .compactMap { name in parameters[name].map { SweptValue(name: name, value: $0) } }
        return known + extra
    }

    /// Final metrics other than the ranking metric, in a reading order shared by every table;
    /// per-class recall (`val_recall[Adelie]`) has a table of its own.
    var otherMetrics: [String] {
        var names = Set<String>()
        for record in records { names.formUnion(record.finalMetrics.keys) }
        names.remove(metric.name)
        names = names.filter { !ClassRecall.isRecall($0) }
        return MetricOrder.sorted(names)
    }

    /// Short names for column headers: `learning_rate` for `training.learning_rate`, unless two
    /// swept parameters share that last component.
    var parameterNames: [(name: String, short: String)] {
        let names = experiment.parameters.map(\.name)
        let lasts = names.map { String($0.split(separator: ".").last ?? Substring($0)) }
        return zip(names, lasts).map { name, last in
            (name, lasts.filter { $0 == last }.count > 1 ? name : last)
        }
    }

    func sweep(named name: String) -> ParameterSweep? { experiment.parameters.first { $0.name == name } }
}

/// The order in which metric columns appear: losses, accuracies, regression metrics, test, rest.
enum MetricOrder {
    static let known = ["train_loss", "val_loss", "train_accuracy", "val_accuracy", "val_balanced_accuracy",
                        "train_cross_entropy", "val_cross_entropy",
                        "val_mse", "val_mae", "val_r2",
                        "test_loss", "test_accuracy", "test_balanced_accuracy", "test_cross_entropy", "test_mse", "test_mae", "test_r2"]

    static func sorted<S: Sequence>(_ names: S) -> [String] where S.Element == String {
        let unique = Set(names)
        return known.filter(unique.contains) + unique.subtracting(known).sorted()
    }
}
