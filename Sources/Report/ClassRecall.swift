import Records

/// Per-class recall in run records: final metrics named `<split>_recall[<class>]`, one per class
/// the split holds (the Runner names the class as the data does).
enum ClassRecall {
    static func isRecall(_ name: String) -> Bool { name.contains("_recall[") && name.hasSuffix("]") }

    /// The split whose recall the report shows: validation, else test. Reads the names in place:
    /// at 100,000 runs a list of every record's metric names would be tens of megabytes.
    static func split(in records: [RunRecord]) -> String? {
        var test = false
        for record in records {
            for name in record.finalMetrics.keys where isRecall(name) {
                if name.hasPrefix("val_recall[") { return "val" }
                if name.hasPrefix("test_recall[") { test = true }
            }
        }
        return test ? "test" : nil
    }

    /// The classes with a recall in `split`, numbers in numeric order, names in alphabetical order.
    static func classes(in records: [RunRecord], split: String) -> [String] {
        let prefix = split + "_recall["
        var names = Set<String>()
        for record in records {
            for name in record.finalMetrics.keys where name.hasPrefix(prefix) && name.hasSuffix("]") {
                names.insert(String(name.dropFirst(prefix.count).dropLast()))
            }
        }
        return names.sorted { a, b in
            if let x = Double(a), let y = Double(b) { return x < y }
            return a < b
        }
    }
}
