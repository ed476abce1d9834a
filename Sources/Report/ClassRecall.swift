import Records

/// Per-class recall in run records: final metrics named `<split>_recall[<class>]`, one per class
/// the split holds (the Runner names the class as the data does).
enum ClassRecall {
    static func isRecall(_ name: String) -> Bool { name.contains("_recall[") && name.hasSuffix("]") }

    /// The split whose recall the report shows: validation, else test.
    static func split(in records: [RunRecord]) -> String? {
        let names = Set(records.flatMap { $0.finalMetrics.keys }.filter(isRecall))
        return ["val", "test"].first { split in names.contains { $0.hasPrefix(split + "_recall[") } }
    }

    /// The classes with a recall in `split`, numbers in numeric order, names in alphabetical order.
    static func classes(in records: [RunRecord], split: String) -> [String] {
        let prefix = split + "_recall["
        let names = Set(records.flatMap { $0.finalMetrics.keys }.filter { $0.hasPrefix(prefix) && $0.hasSuffix("]") }
            .map { String($0.dropFirst(prefix.count).dropLast()) })
        return names.sorted { a, b in
            if let x = Double(a), let y = Double(b) { return x < y }
            return a < b
        }
    }
}
