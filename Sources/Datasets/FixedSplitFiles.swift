import Backprop
import Core

/// Data sets that arrive already split: `csv` + `validation_csv` / `test_csv`, or `idx` with its
/// own `validation` / `test` pairs. Each held-out file is read with the training file's options,
/// checked against the training file's columns and classes, and appended below the training rows;
/// `prepare` then runs on those fixed rows, so imputation, normalisation and target scaling are
/// fitted on the training file alone, exactly as for a drawn split.
///
/// The training file defines the inputs: its one-hot columns are the only ones. A category that
/// appears only in a held-out file is encoded as all zeros in its block (scikit-learn's
/// `OneHotEncoder(handle_unknown="ignore")`) and counted in the data section; a class that appears
/// only in a held-out file is an error, since no output unit could ever predict it. A split with no
/// file of its own is still drawn from the training file by its fraction.
extension DatasetLoader {
    static func loadFixedSplits(_ spec: DatasetSpec) throws -> PreparedDataset {
        let hasIDX = spec.idxImages != nil || spec.idxLabels != nil
        if spec.csv == nil && (spec.validationCSV != nil || spec.testCSV != nil) {
            throw DatasetError(message: "`validation_csv` and `test_csv` need a training file in `csv:`")
        }
        if !hasIDX && (spec.idxValidation != nil || spec.idxTest != nil) {
            throw DatasetError(message: "idx `validation` and `test` files need the training `images` and `labels`")
        }
        let train = try loadRaw(spec)
        var held: [(split: String, data: RawDataset)] = []
        if spec.csv != nil {
            let columns = try CSVHeaderReader.read(spec.csv!)
            for (split, path) in [("validation", spec.validationCSV), ("test", spec.testCSV)] {
                guard let path else { continue }
                held.append((split, try heldOutCSV(path, spec: spec, training: train, trainingColumns: columns)))
            }
        } else {
            for (split, pair) in [("validation", spec.idxValidation), ("test", spec.idxTest)] {
                guard let pair else { continue }
                let data = try IDXLoader.load(images: pair.images, labels: pair.labels, name: train.name, heldOut: true)
                guard data.featureNames.count == train.featureNames.count else {
                    throw DatasetError(file: pair.images, message: "images of \(data.featureNames.count) pixels, but the training "
                        + "images (\(spec.idxImages ?? "")) have \(train.featureNames.count)")
                }
                held.append((split, try aligned(data, to: train, file: pair.labels, trainingFile: spec.idxImages ?? "")))
            }
        }
        return try prepareFixed(train: train, held: held, spec: spec)
    }

    /// Rows of the training file, then of each held-out file; the splits without a file are drawn
    /// from the training rows by their fractions.
    private static func prepareFixed(train: RawDataset, held: [(split: String, data: RawDataset)],
                                     spec: DatasetSpec) throws -> PreparedDataset {
        guard train.count > 0 else { throw DatasetError(message: "data set '\(train.name)' has no rows") }
        let validationFile = held.contains { $0.split == "validation" }
        let testFile = held.contains { $0.split == "test" }
        let drawnValidation = validationFile ? 0 : spec.validation
        let drawnTest = testFile ? 0 : spec.test
        try DatasetSplitter.validate(validation: drawnValidation, test: drawnTest)
        var indices = DatasetSplitter.split(targets: train.targets, validation: drawnValidation, test: drawnTest, seed: spec.seed)
        var combined = train
        for (split, data) in held {
            let rows = Array(combined.count..<(combined.count + data.count))
            append(data, to: &combined)
            if split == "validation" { indices.validation = rows } else { indices.test = rows }
        }
        return try prepare(combined, spec: spec, indices: indices,
                           hasValidation: validationFile || drawnValidation > 0, hasTest: testFile || drawnTest > 0)
    }

    /// A held-out CSV read as the training file is: same target, features and missing-cell policy,
    /// the training file's task, and its categorical columns one-hot encoded whatever they hold here.
    private static func heldOutCSV(_ path: String, spec: DatasetSpec, training: RawDataset,
                                   trainingColumns: [String]) throws -> RawDataset {
        let columns = try CSVHeaderReader.read(path)
        let trainingFile = fileName(spec.csv ?? "")
        if let (column, message) = HeldOutColumns.firstDifference(training: trainingColumns, held: columns, trainingFile: trainingFile) {
            throw DatasetError(file: path, line: 1, column: column, message: message)
        }
        var heldSpec = spec
        heldSpec.csv = path
        heldSpec.task = training.task
        let trainingNames = Set(training.featureNames)
        let encoded = columns.filter { column in
            !trainingNames.contains(column) && training.featureNames.contains { $0.hasPrefix(column + "=") }
        }
        heldSpec.categorical = Array(Set(spec.categorical + encoded)).sorted()
        let data = try CSVLoader.load(heldSpec, heldOut: true)
        return try aligned(data, to: training, file: path, trainingFile: trainingFile)
    }

    /// `data` in the training set's input columns and class numbering.
    private static func aligned(_ data: RawDataset, to training: RawDataset, file: String, trainingFile: String) throws -> RawDataset {
        var columnOf: [String: Int] = [:]
        for (index, name) in training.featureNames.enumerated() { columnOf[name] = index }
        // Held-out column -> training column, or nil for a category the training file never saw.
        var target: [Int?] = []
        var unseen: [String: Int] = [:]
        for (index, name) in data.featureNames.enumerated() {
            if let column = columnOf[name] { target.append(column); continue }
            guard let equals = name.firstIndex(of: "=") else {
                throw DatasetError(file: file, message: "feature '\(name)' is not an input of \(trainingFile)")
            }
            let feature = String(name[..<equals])
            if columnOf[feature] != nil {
                throw DatasetError(file: file, message: "column '\(feature)' holds text here ('\(name[name.index(after: equals)...])') "
                    + "but numbers in \(trainingFile)")
            }
            var count = 0
            for row in 0..<data.count where data.inputs[row, index] != 0 { count += 1 }
            if count > 0 { unseen[feature, default: 0] += count }
            target.append(nil)
        }
        var inputs = Matrix(rows: data.count, columns: training.featureNames.count)
        for row in 0..<data.count {
            for (index, column) in target.enumerated() {
                if let column { inputs[row, column] = data.inputs[row, index] }
            }
        }
        var result = data
        result.inputs = inputs
        result.featureNames = training.featureNames
        result.classNames = training.classNames
        result.gaps = data.gaps.map { gap in
            var moved = gap
            let block = training.featureNames.indices.filter {
                training.featureNames[$0] == gap.name || training.featureNames[$0].hasPrefix(gap.name + "=")
            }
            moved.columns = (block.first ?? 0)..<((block.last ?? -1) + 1)
            moved.categories = block.map { String(training.featureNames[$0].dropFirst(gap.name.count + 1)) }
            return moved
        }
        result.preparation.unseenCategories = unseen.keys.sorted().map { .init(column: $0, count: unseen[$0]!) }
        if case .classes(let labels, _) = data.targets, case .classes(_, let classCount) = training.targets {
            var labelOf: [Int32] = []
            for name in data.classNames {
                guard let index = training.classNames.firstIndex(of: name) else {
                    throw DatasetError(file: file, message: "class '\(name)' does not occur in \(trainingFile) "
                        + "(its classes are: \(training.classNames.joined(separator: ", "))); no output unit could predict it")
                }
                labelOf.append(Int32(index))
            }
            result.targets = .classes(labels: labels.map { labelOf[Int($0)] }, classCount: classCount)
        }
        return result
    }

    /// Rows of `data` (already in `combined`'s columns and classes) appended to `combined`; its gaps
    /// join those of the same feature, and what loading it found is added to the summary.
    private static func append(_ data: RawDataset, to combined: inout RawDataset) {
        let offset = combined.count
        var storage = combined.inputs.storage
        storage.append(contentsOf: data.inputs.storage)
        combined.inputs = Matrix(rows: offset + data.count, columns: combined.inputs.columns, storage: storage)
        switch (combined.targets, data.targets) {
        case (.classes(let labels, let classCount), .classes(let more, _)):
            combined.targets = .classes(labels: labels + more, classCount: classCount)
        case (.values(let values), .values(let more)):
            combined.targets = .values(Matrix(rows: values.rows + more.rows, columns: values.columns,
                                              storage: values.storage + more.storage))
        default:
            break
        }
        for gap in data.gaps {
            let rows = gap.rows.map { $0 + offset }
            if let index = combined.gaps.firstIndex(where: { $0.name == gap.name }) {
                combined.gaps[index].rows += rows
            } else {
                var moved = gap
                moved.rows = rows
                combined.gaps.append(moved)
            }
        }
        var summary = combined.preparation
        let added = data.preparation
        summary.rowsRead = max(summary.rowsRead, offset) + max(added.rowsRead, data.count)
        summary.droppedForMissingTarget += added.droppedForMissingTarget
        summary.droppedForMissingFeature += added.droppedForMissingFeature
        for cell in added.missingCells {
            if let index = summary.missingCells.firstIndex(where: { $0.column == cell.column }) {
                summary.missingCells[index].count += cell.count
            } else {
                summary.missingCells.append(cell)
            }
        }
        for cell in added.unseenCategories {
            if let index = summary.unseenCategories.firstIndex(where: { $0.column == cell.column }) {
                summary.unseenCategories[index].count += cell.count
            } else {
                summary.unseenCategories.append(cell)
            }
        }
        combined.preparation = summary
    }

    private static func fileName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }
}
