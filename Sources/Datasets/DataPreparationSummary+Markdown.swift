/// The summary as the report's data section shows it: a sentence on rows, one on missing cells
/// and what filled them, and a table of the class balance of each split.
extension DataPreparationSummary {
    public func markdown(source: String) -> String {
        var sentence = "`\(source)`: \(rowsRead) rows read"
        let dropped = droppedForMissingTarget + droppedForMissingFeature
        if dropped > 0 {
            var reasons: [String] = []
            if droppedForMissingTarget > 0 { reasons.append("\(droppedForMissingTarget) for a missing target") }
            if droppedForMissingFeature > 0 { reasons.append("\(droppedForMissingFeature) for a missing feature, as `missing: drop` asks") }
            sentence += ", \(dropped) dropped (\(reasons.joined(separator: ", "))), \(rowsKept) used"
        }
        sentence += "."
        var parts = [sentence]
        if !missingCells.isEmpty {
            parts.append("Missing cells as read: " + missingCells.map { "\($0.column) \($0.count)" }.joined(separator: ", ") + ".")
        }
        if !imputed.isEmpty {
            parts.append("Cells filled, from training-split statistics only: "
                + imputed.map { "\($0.column) \($0.cells) \($0.cells == 1 ? "cell" : "cells") (\($0.fill))" }.joined(separator: ", ") + ".")
        }
        if !unseenCategories.isEmpty {
            parts.append("Categories of the held-out files that the training file lacks, encoded as all zeros: "
                + unseenCategories.map { "\($0.column) \($0.count) \($0.count == 1 ? "cell" : "cells")" }.joined(separator: ", ") + ".")
        }
        var text = parts.joined(separator: " ")
        if !classBalance.isEmpty, !classNames.isEmpty {
            text += "\n\n| split | " + classNames.map(Self.escaped).joined(separator: " | ") + " | rows |\n"
            text += "| --- |" + String(repeating: " ---: |", count: classNames.count + 1) + "\n"
            for split in classBalance {
                text += "| \(split.split) | " + split.counts.map(String.init).joined(separator: " | ")
                    + " | \(split.counts.reduce(0, +)) |\n"
            }
            text.removeLast()
        }
        return text
    }

    private static func escaped(_ name: String) -> String { name.replacingOccurrences(of: "|", with: "\\|") }
}
