import Backprop

/// Loads a CSV file with a header row into a `RawDataset`.
///
/// Two passes over a memory-mapped file. The first checks every row's shape, parses the selected
/// columns' numbers straight from the bytes into one row-major Float buffer and summarises each
/// column (`CSVFirstPass`). The second runs only when some column holds text (categories or class
/// names) and builds just those strings. Parsed pages are released as we go, so resident memory
/// follows the numbers kept rather than the file's size.
enum CSVLoader {
    /// More distinct text values than this in a feature column is almost surely an identifier.
    static let maximumCategories = 1000

    static func load(_ spec: DatasetSpec, heldOut: Bool = false) throws -> RawDataset {
        let csv = try OpenedCSV(spec)
        let (path, file, header, afterHeader, decimalSeparator) = (csv.path, csv.file, csv.header, csv.tokenizer, csv.decimalSeparator)
        var fields = csv.fields
        let selection = try header.select(target: spec.target, features: spec.features, categorical: spec.categorical)
        let markers = MissingMarkers(spec.naValues)
        var scan = CSVFirstPass(selection: selection, header: header, tokenizer: afterHeader,
                                decimalSeparator: decimalSeparator, markers: markers)
        try scan.run(file: file, fields: &fields)
        guard scan.rows > 0 else {
            throw DatasetError(file: path, line: afterHeader.line, message: "no data rows after the header")
        }
        try scan.checkValues(task: spec.task, missing: spec.missing)

        var text = CSVTextColumns(slotCount: selection.slotCount)
        let textSlots = scan.textSlots
        if !textSlots.isEmpty {
            var second = afterHeader
            try text.collect(slots: textSlots, selection: selection, tokenizer: &second, file: file,
                             rows: scan.rows, fields: &fields, markers: markers)
        }
        for slot in textSlots where slot != selection.targetSlot && text.categories[slot].count > maximumCategories {
            throw DatasetError(file: path, message: "feature column '\(selection.featureNames[slot])' has "
                + "\(text.categories[slot].count) distinct text values; one-hot encoding would add as many "
                + "features (leave the column out with `features:`)")
        }
        // A notebook's defaults may still name a built-in set beside the user's `csv:`; the file wins.
        let isBuiltinName = spec.name.map { DatasetGenerator(rawValue: $0) != nil || ShippedDataset(rawValue: $0) != nil } ?? false
        let name = spec.name.flatMap { isBuiltinName ? nil : $0 } ?? fileStem(path)
        return try CSVAssembler(path: path, name: name, task: spec.task, selection: selection, scan: scan, text: text,
                                missing: spec.missing, textImputation: spec.textImputation, heldOut: heldOut).assemble()
    }
}

/// `data/iris.csv` -> `iris`: the default name of a CSV data set.
func fileStem(_ path: String) -> String {
    let last = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return last }
    return String(last[..<dot])
}
