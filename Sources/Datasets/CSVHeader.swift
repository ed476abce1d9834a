/// The header row: column names, and which columns a spec selects.
struct CSVHeader: Sendable {
    var names: [String]
    var path: String

    /// Unnamed columns (pandas writes its index as one) are called `column<N>`; duplicate names are
    /// an error because `target:` and `features:` could not tell them apart.
    init(names: [String], path: String) throws {
        self.path = path
        self.names = names.enumerated().map { $1.isEmpty ? "column\($0 + 1)" : $1 }
        var seen: [String: Int] = [:]
        for (index, name) in self.names.enumerated() {
            if let first = seen[name] {
                throw DatasetError(file: path, line: 1, column: index + 1,
                                   message: "duplicate column name '\(name)' (also column \(first + 1))")
            }
            seen[name] = index
        }
    }

    private var columnList: String { names.joined(separator: ", ") }

    func select(target: String?, features: [String]?, categorical: [String] = []) throws -> CSVSelection {
        guard let target else {
            throw DatasetError(file: path, line: 1, message: "no target column given (`target:`); the columns are: \(columnList)")
        }
        guard let targetField = names.firstIndex(of: target) else {
            throw DatasetError(file: path, line: 1, message: "unknown target column '\(target)'; the columns are: \(columnList)")
        }
        var featureFields: [Int] = []
        if let features {
            guard !features.isEmpty else {
                throw DatasetError(file: path, line: 1, message: "`features:` is empty; the columns are: \(columnList)")
            }
            for feature in features {
                guard let field = names.firstIndex(of: feature) else {
                    throw DatasetError(file: path, line: 1, message: "unknown feature column '\(feature)'; the columns are: \(columnList)")
                }
                guard field != targetField else {
                    throw DatasetError(file: path, line: 1, message: "column '\(feature)' is the target and cannot also be a feature")
                }
                guard !featureFields.contains(field) else {
                    throw DatasetError(file: path, line: 1, message: "feature column '\(feature)' is listed twice")
                }
                featureFields.append(field)
            }
        } else {
            featureFields = names.indices.filter { $0 != targetField }
            guard !featureFields.isEmpty else {
                throw DatasetError(file: path, line: 1, message: "the file has only the target column '\(target)', no features")
            }
        }
        var categoricalSlots: [Int] = []
        for column in categorical {
            guard let field = names.firstIndex(of: column) else {
                throw DatasetError(file: path, line: 1, message: "unknown categorical column '\(column)'; the columns are: \(columnList)")
            }
            guard field != targetField else {
                throw DatasetError(file: path, line: 1, message: "column '\(column)' is the target; `categorical:` lists "
                    + "features (a classification target is a set of classes already)")
            }
            guard let slot = featureFields.firstIndex(of: field) else {
                throw DatasetError(file: path, line: 1, message: "categorical column '\(column)' is not one of the `features:`")
            }
            if !categoricalSlots.contains(slot) { categoricalSlots.append(slot) }
        }
        return CSVSelection(featureFields: featureFields, targetField: targetField,
                            featureNames: featureFields.map { names[$0] }, targetName: target,
                            categoricalSlots: categoricalSlots.sorted())
    }
}

/// The columns one load uses. Slots `0..<features` are the features in the order asked for, slot
/// `features` is the target; `fieldIndex(ofSlot:)` maps a slot to its 0-based field in a row.
struct CSVSelection: Sendable {
    var featureFields: [Int]
    var targetField: Int
    var featureNames: [String]
    var targetName: String
    /// Feature slots named in `dataset.categorical`.
    var categoricalSlots: [Int] = []

    var targetSlot: Int { featureFields.count }
    var slotCount: Int { featureFields.count + 1 }

    func fieldIndex(ofSlot slot: Int) -> Int { slot == targetSlot ? targetField : featureFields[slot] }
    func name(ofSlot slot: Int) -> String { slot == targetSlot ? targetName : featureNames[slot] }
}
