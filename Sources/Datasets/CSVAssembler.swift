import Backprop
import Core

/// Turns the two passes' results into a `RawDataset`: drops the rows `missing` asks to drop,
/// infers the task, numbers the classes and one-hot encodes categorical features (`column=value`,
/// values in sorted order). Missing features that are to be imputed are left as `FeatureGap`s:
/// their statistics must come from the training split, which is not drawn yet.
struct CSVAssembler {
    let path: String
    let name: String
    let task: LearningTask?
    let selection: CSVSelection
    let scan: CSVFirstPass
    let text: CSVTextColumns
    let missing: MissingPolicy
    let textImputation: TextImputation
    /// A fixed validation or test file: its classes are mapped onto the training file's, so one
    /// class alone is allowed there.
    var heldOut = false

    /// A numeric target is a class label when every value is an integer and there are at most this
    /// many distinct values; otherwise it is a regression target.
    static let maximumInferredClasses = 20

    /// The category a missing cell becomes with `impute_text: category`; parentheses keep it apart
    /// from a real value spelt `missing`.
    static let missingCategory = "(missing)"

    func assemble() throws -> RawDataset {
        let targetSlot = selection.targetSlot
        let (kept, preparation) = try keptRows()
        let targetIsText = scan.summaries[targetSlot].textCount > 0
        let resolvedTask = task ?? inferTask(targetIsText: targetIsText, rows: kept)
        let targets: Targets
        var classNames: [String] = []
        switch resolvedTask {
        case .regression:
            targets = .values(Matrix(rows: kept.count, columns: 1, storage: kept.map { Float(scan.targetValues[$0]) }))
        case .classification:
            if targetIsText {
                // Class names come from kept rows only, so a class seen only in dropped rows is no class.
                let present = Set(kept.map { text.indices[targetSlot][$0] })
                let classes = text.categories[targetSlot].indices.filter { present.contains(Int32($0)) }
                var labelOf = [Int32](repeating: -1, count: text.categories[targetSlot].count)
                for (label, index) in classes.enumerated() { labelOf[index] = Int32(label) }
                classNames = classes.map { text.categories[targetSlot][$0] }
                targets = .classes(labels: kept.map { labelOf[Int(text.indices[targetSlot][$0])] }, classCount: classNames.count)
            } else {
                let distinct = Array(Set(kept.map { scan.targetValues[$0] })).sorted()
                var labelOf: [Double: Int32] = [:]
                for (index, value) in distinct.enumerated() { labelOf[value] = Int32(index) }
                classNames = distinct.map(Self.className)
                targets = .classes(labels: kept.map { labelOf[scan.targetValues[$0]] ?? 0 }, classCount: distinct.count)
            }
            guard classNames.count >= 2 || heldOut else {
                throw DatasetError(file: path, message: "target column '\(selection.targetName)' has a single class "
                    + "('\(classNames.first ?? "")'); classification needs at least two")
            }
        }
        var summary = preparation
        summary.classNames = classNames
        let (inputs, featureNames, gaps) = buildInputs(kept: kept)
        if missing == .impute, textImputation == .category {
            let keptSet = Set(kept)
            for slot in 0..<selection.featureFields.count where scan.summaries[slot].isCategorical {
                let cells = scan.missingRows[slot].filter(keptSet.contains).count
                if cells > 0 {
                    summary.imputed.append(.init(column: selection.featureNames[slot], cells: cells,
                                                 fill: "category '\(Self.missingCategory)'"))
                }
            }
        }
        return RawDataset(name: name, task: resolvedTask, featureNames: featureNames, classNames: classNames,
                          inputs: inputs, targets: targets, gaps: gaps, preparation: summary)
    }

    /// The rows that stay, in file order: a row with a missing target always goes (when missing
    /// values are accepted at all), a row with a missing feature only under `missing: drop`.
    private func keptRows() throws -> ([Int], DataPreparationSummary) {
        var summary = DataPreparationSummary()
        summary.missing = missing
        summary.rowsRead = scan.rows
        summary.missingCells = scan.summaries.indices.compactMap { slot in
            let count = scan.summaries[slot].missingCount
            return count > 0 ? .init(column: scan.summaries[slot].name, count: count) : nil
        }
        var dropped = [Bool](repeating: false, count: scan.rows)
        for row in scan.missingRows[selection.targetSlot] { dropped[row] = true }
        summary.droppedForMissingTarget = scan.missingRows[selection.targetSlot].count
        if missing == .drop {
            for slot in 0..<selection.featureFields.count {
                for row in scan.missingRows[slot] where !dropped[row] {
                    dropped[row] = true
                    summary.droppedForMissingFeature += 1
                }
            }
        }
        let kept = dropped.indices.filter { !dropped[$0] }
        guard !kept.isEmpty else {
            throw DatasetError(file: path, message: "every row has a missing value in "
                + (missing == .drop ? "a feature or the target" : "the target column '\(selection.targetName)'")
                + "; no rows are left (`dataset.na_values` says what counts as missing)")
        }
        return (kept, summary)
    }

    private func inferTask(targetIsText: Bool, rows: [Int]) -> LearningTask {
        if targetIsText { return .classification }
        guard scan.summaries[selection.targetSlot].allIntegral else { return .regression }
        var distinct = Set<Double>()
        for row in rows {
            distinct.insert(scan.targetValues[row])
            if distinct.count > Self.maximumInferredClasses { return .regression }
        }
        return .classification
    }

    /// `3.0` -> "3", `0.5` -> "0.5".
    static func className(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// The feature matrix of the kept rows: the first pass's buffer as is when every feature is
    /// numeric and no row is dropped, otherwise a copy with each categorical column widened into
    /// its one-hot columns. Missing numeric cells stay NaN and missing categories all zero; both
    /// are listed as gaps (`impute_text: category` instead gives them a category of their own).
    private func buildInputs(kept: [Int]) -> (Matrix, [String], [FeatureGap]) {
        let featureCount = selection.featureFields.count
        let categorical = (0..<featureCount).map { scan.summaries[$0].isCategorical }
        let ownCategory = (0..<featureCount).map {
            categorical[$0] && missing == .impute && textImputation == .category && !scan.missingRows[$0].isEmpty
        }
        var names: [String] = []
        var offsets: [Int] = []
        var categories: [[String]] = []
        for slot in 0..<featureCount {
            offsets.append(names.count)
            if categorical[slot] {
                categories.append(text.categories[slot] + (ownCategory[slot] ? [Self.missingCategory] : []))
                names += categories[slot].map { "\(selection.featureNames[slot])=\($0)" }
            } else {
                categories.append([])
                names.append(selection.featureNames[slot])
            }
        }
        let gaps = missing == .impute ? findGaps(kept: kept, categorical: categorical, ownCategory: ownCategory,
                                                 offsets: offsets, categories: categories) : []
        if !categorical.contains(true) && kept.count == scan.rows {
            return (Matrix(rows: scan.rows, columns: featureCount, storage: scan.features), selection.featureNames, gaps)
        }
        var inputs = Matrix(rows: kept.count, columns: names.count)
        let width = names.count
        scan.features.withUnsafeBufferPointer { source in
            inputs.storage.withUnsafeMutableBufferPointer { target in
                for slot in 0..<featureCount {
                    if categorical[slot] {
                        let indices = text.indices[slot]
                        let missingIndex = ownCategory[slot] ? Int32(categories[slot].count - 1) : -1
                        for (row, fileRow) in kept.enumerated() {
                            let index = indices[fileRow] < 0 ? missingIndex : indices[fileRow]
                            if index >= 0 { target[row * width + offsets[slot] + Int(index)] = 1 }
                        }
                    } else {
                        for (row, fileRow) in kept.enumerated() {
                            target[row * width + offsets[slot]] = source[fileRow * featureCount + slot]
                        }
                    }
                }
            }
        }
        return (inputs, names, gaps)
    }

    /// The missing feature cells of kept rows, renumbered to the kept rows' positions.
    private func findGaps(kept: [Int], categorical: [Bool], ownCategory: [Bool], offsets: [Int],
                          categories: [[String]]) -> [FeatureGap] {
        var position = [Int](repeating: -1, count: scan.rows)
        for (index, row) in kept.enumerated() { position[row] = index }
        var gaps: [FeatureGap] = []
        for slot in 0..<selection.featureFields.count where !ownCategory[slot] {
            let rows = scan.missingRows[slot].map { position[$0] }.filter { $0 >= 0 }
            guard !rows.isEmpty else { continue }
            let width = categorical[slot] ? categories[slot].count : 1
            gaps.append(FeatureGap(name: selection.featureNames[slot], columns: offsets[slot]..<(offsets[slot] + width),
                                   rows: rows, isCategorical: categorical[slot], categories: categories[slot]))
        }
        return gaps
    }
}
