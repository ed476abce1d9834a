import Backprop
import Core

/// Fills the missing feature cells of a data set (scikit-learn's `SimpleImputer`): a numeric
/// feature with the mean or median of its training-split values, a categorical one with its most
/// frequent training-split category. Only training rows are looked at, as with normalisation, so
/// nothing about the validation or test rows leaks into what the network sees.
enum MissingValueImputer {
    /// Fills every gap of `raw` in place and returns what was written per column.
    static func fill(_ raw: inout RawDataset, trainingRows: [Int], numeric: NumericImputation) -> [DataPreparationSummary.Imputation] {
        var isTraining = [Bool](repeating: false, count: raw.count)
        for row in trainingRows { isTraining[row] = true }
        var result: [DataPreparationSummary.Imputation] = []
        for gap in raw.gaps {
            var isMissing = [Bool](repeating: false, count: raw.count)
            for row in gap.rows { isMissing[row] = true }
            let observed = trainingRows.filter { !isMissing[$0] }
            if gap.isCategorical {
                let (column, fill) = mostFrequent(raw.inputs, gap: gap, rows: observed)
                for row in gap.rows { raw.inputs[row, column] = 1 }
                result.append(.init(column: gap.name, cells: gap.rows.count, fill: fill))
            } else {
                let column = gap.columns.lowerBound
                let values = observed.map { Double(raw.inputs[$0, column]) }
                let (value, fill) = statistic(numeric, of: values)
                for row in gap.rows { raw.inputs[row, column] = value }
                result.append(.init(column: gap.name, cells: gap.rows.count, fill: fill))
            }
        }
        raw.gaps = []
        return result
    }

    /// The mean, or the median (the mean of the two middle values for an even count, as numpy's),
    /// in Double; 0 when the training split has no value of the column at all.
    static func statistic(_ kind: NumericImputation, of values: [Double]) -> (Float, String) {
        guard !values.isEmpty else { return (0, "0 (no training value)") }
        let value: Double
        switch kind {
        case .mean:
            value = values.reduce(0, +) / Double(values.count)
        case .median:
            let sorted = values.sorted()
            let middle = sorted.count / 2
            value = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
        return (Float(value), "\(kind.rawValue) \(ReadableValue.format(value))")
    }

    /// The block column whose category is most frequent in `rows`; ties go to the first category
    /// in sorted order (as `SimpleImputer(strategy="most_frequent")` picks the smallest value).
    static func mostFrequent(_ inputs: Matrix, gap: FeatureGap, rows: [Int]) -> (Int, String) {
        var counts = [Int](repeating: 0, count: gap.columns.count)
        for row in rows {
            for (offset, column) in gap.columns.enumerated() where inputs[row, column] != 0 { counts[offset] += 1 }
        }
        var best = 0
        for offset in counts.indices where counts[offset] > counts[best] { best = offset }
        let name = best < gap.categories.count ? gap.categories[best] : "\(best)"
        return (gap.columns.lowerBound + best, "most frequent '\(name)'")
    }
}
