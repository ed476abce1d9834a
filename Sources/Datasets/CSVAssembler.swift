import Backprop
import Core

/// Turns the two passes' results into a `RawDataset`: infers the task, numbers the classes and
/// one-hot encodes categorical features (`column=value`, values in sorted order).
struct CSVAssembler {
    let path: String
    let name: String
    let task: LearningTask?
    let selection: CSVSelection
    let scan: CSVFirstPass
    let text: CSVTextColumns

    /// A numeric target is a class label when every value is an integer and there are at most this
    /// many distinct values; otherwise it is a regression target.
    static let maximumInferredClasses = 20

    func assemble() throws -> RawDataset {
        let targetSlot = selection.targetSlot
        let targetIsText = scan.summaries[targetSlot].textCount > 0
        let resolvedTask = task ?? inferTask(targetIsText: targetIsText)
        let targets: Targets
        var classNames: [String] = []
        switch resolvedTask {
        case .regression:
            targets = .values(Matrix(rows: scan.rows, columns: 1, storage: scan.targetValues.map { Float($0) }))
        case .classification:
            if targetIsText {
                classNames = text.categories[targetSlot]
                targets = .classes(labels: text.indices[targetSlot], classCount: classNames.count)
            } else {
                let distinct = Array(Set(scan.targetValues)).sorted()
                var labelOf: [Double: Int32] = [:]
                for (index, value) in distinct.enumerated() { labelOf[value] = Int32(index) }
                classNames = distinct.map(Self.className)
                targets = .classes(labels: scan.targetValues.map { labelOf[$0] ?? 0 }, classCount: distinct.count)
            }
            guard classNames.count >= 2 else {
                throw DatasetError(file: path, message: "target column '\(selection.targetName)' has a single class "
                    + "('\(classNames.first ?? "")'); classification needs at least two")
            }
        }
        let (inputs, featureNames) = buildInputs()
        return RawDataset(name: name, task: resolvedTask, featureNames: featureNames, classNames: classNames,
                          inputs: inputs, targets: targets)
    }

    private func inferTask(targetIsText: Bool) -> LearningTask {
        if targetIsText { return .classification }
        guard scan.summaries[selection.targetSlot].allIntegral else { return .regression }
        var distinct = Set<Double>()
        for value in scan.targetValues {
            distinct.insert(value)
            if distinct.count > Self.maximumInferredClasses { return .regression }
        }
        return .classification
    }

    /// `3.0` -> "3", `0.5` -> "0.5".
    static func className(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// The feature matrix: the first pass's buffer as is when every feature is numeric, otherwise
    /// a copy with each categorical column widened into its one-hot columns.
    private func buildInputs() -> (Matrix, [String]) {
        let featureCount = selection.featureFields.count
        let categorical = (0..<featureCount).map { scan.summaries[$0].isCategorical }
        if !categorical.contains(true) {
            return (Matrix(rows: scan.rows, columns: featureCount, storage: scan.features), selection.featureNames)
        }
        var names: [String] = []
        var offsets: [Int] = []
        for slot in 0..<featureCount {
            offsets.append(names.count)
            if categorical[slot] {
                names += text.categories[slot].map { "\(selection.featureNames[slot])=\($0)" }
            } else {
                names.append(selection.featureNames[slot])
            }
        }
        var inputs = Matrix(rows: scan.rows, columns: names.count)
        let width = names.count
        scan.features.withUnsafeBufferPointer { source in
            inputs.storage.withUnsafeMutableBufferPointer { target in
                for slot in 0..<featureCount {
                    if categorical[slot] {
                        let indices = text.indices[slot]
                        for row in 0..<scan.rows { target[row * width + offsets[slot] + Int(indices[row])] = 1 }
                    } else {
                        for row in 0..<scan.rows { target[row * width + offsets[slot]] = source[row * featureCount + slot] }
                    }
                }
            }
        }
        return (inputs, names)
    }
}
