import Backprop
import Core

/// One column of a CSV file as `gradbook datasets --csv` shows it: what it holds and what
/// loading it with a given spec does with it.
public struct CSVColumnProfile: Sendable, Equatable {
    public var name: String
    /// `integer`, `number`, `text`, or `number + text` (a numeric column with stray words).
    public var kind: String
    /// Distinct values that are not missing.
    public var distinct: Int
    public var missing: Int
    /// What gradbook does with it: `target: 3 classes`, `one-hot (3 columns)`, `scaled (standard)`,
    /// `not used`, each followed by what happens to its missing cells.
    public var action: String
}

extension DatasetLoader {
    /// Every column of `spec.csv` profiled under `spec` (its target, features, `categorical`,
    /// `missing` and normalisation); the same checks as loading, so a bad column name is an error.
    public static func profileColumns(_ spec: DatasetSpec) throws -> [CSVColumnProfile] {
        let csv = try OpenedCSV(spec)
        let (file, header, tokenizer) = (csv.file, csv.header, csv.tokenizer)
        var fields = csv.fields
        let used = try header.select(target: spec.target, features: spec.features, categorical: spec.categorical)
        // Every column, so the ones left out of `features:` are shown too.
        let all = try header.select(target: used.targetName, features: nil, categorical: spec.categorical)
        let markers = MissingMarkers(spec.naValues)
        let decimalSeparator = csv.decimalSeparator
        var scan = CSVFirstPass(selection: all, header: header, tokenizer: tokenizer, decimalSeparator: decimalSeparator,
                                markers: markers)
        try scan.run(file: file, fields: &fields)
        var text = CSVTextColumns(slotCount: all.slotCount)
        let textSlots = (0..<all.slotCount).filter { scan.summaries[$0].textCount > 0 || scan.summaries[$0].isCategorical }
        if !textSlots.isEmpty {
            var second = tokenizer
            try text.collect(slots: textSlots, selection: all, tokenizer: &second, file: file, rows: scan.rows,
                             fields: &fields, markers: markers)
        }
        let task = spec.task ?? inferredTask(scan.summaries[all.targetSlot], values: scan.targetValues)
        return (0..<all.slotCount).map { slot in
            let summary = scan.summaries[slot]
            let isText = summary.textCount > 0 && (summary.isCategorical || slot == all.targetSlot)
            let distinct = isText || summary.forcedCategorical ? text.categories[slot].count
                : distinctNumbers(scan, slot: slot, selection: all)
            let kind = summary.textCount == 0 ? (summary.allIntegral && integral(scan, slot: slot, selection: all) ? "integer" : "number")
                : (summary.numericCount == 0 ? "text" : "number + text")
            var action: String
            if slot == all.targetSlot {
                action = task == .classification ? "target: \(distinct) classes"
                    : "target: regression" + (spec.normalization == .none ? "" : " (standardised)")
                if summary.missingCount > 0 { action += spec.missing == .error ? "; missing: error" : "; rows with it missing dropped" }
            } else if !used.featureNames.contains(summary.name) {
                action = "not used"
            } else {
                if summary.isCategorical {
                    action = "one-hot (\(distinct) columns)"
                    if distinct > CSVLoader.maximumCategories { action = "error: \(distinct) categories (leave it out with features:)" }
                } else if summary.textCount > 0 {
                    action = "error: text in a numeric column"
                } else {
                    action = spec.normalization == .none ? "as is" : "scaled (\(spec.normalization.rawValue))"
                }
                if summary.missingCount > 0 {
                    switch spec.missing {
                    case .error: action += "; missing: error"
                    case .drop: action += "; rows with it missing dropped"
                    case .impute:
                        action += summary.isCategorical
                            ? (spec.textImputation == .category ? "; missing -> own category" : "; missing -> most frequent")
                            : "; missing -> \(spec.numericImputation.rawValue)"
                    }
                }
            }
            return CSVColumnProfile(name: summary.name, kind: kind, distinct: distinct, missing: summary.missingCount,
                                    action: action)
        }.sorted { header.names.firstIndex(of: $0.name) ?? 0 < header.names.firstIndex(of: $1.name) ?? 0 }
    }

    private static func inferredTask(_ summary: CSVColumnSummary, values: [Double]) -> LearningTask {
        if summary.textCount > 0 { return .classification }
        guard summary.allIntegral else { return .regression }
        return Set(values.filter { !$0.isNaN }).count <= CSVAssembler.maximumInferredClasses ? .classification : .regression
    }

    private static func distinctNumbers(_ scan: CSVFirstPass, slot: Int, selection: CSVSelection) -> Int {
        if slot == selection.targetSlot { return Set(scan.targetValues.filter { !$0.isNaN }).count }
        let width = selection.featureFields.count
        var seen = Set<Float>()
        for row in 0..<scan.rows where !scan.features[row * width + slot].isNaN { seen.insert(scan.features[row * width + slot]) }
        return seen.count
    }

    /// Feature columns are parsed as Float, so integrality is checked on the values kept.
    private static func integral(_ scan: CSVFirstPass, slot: Int, selection: CSVSelection) -> Bool {
        if slot == selection.targetSlot { return true }
        let width = selection.featureFields.count
        for row in 0..<scan.rows {
            let value = scan.features[row * width + slot]
            if !value.isNaN, value.rounded() != value { return false }
        }
        return true
    }
}
