/// The engine names per-class recall by class index (`val_recall[2]`); records and reports name
/// the class as the data does (`val_recall[Gentoo]`), so a column reads without a lookup table.
public enum ClassRecallNames {
    public static func named(_ metrics: [String: Double], classNames: [String]) -> [String: Double] {
        var result: [String: Double] = [:]
        for (name, value) in metrics {
            result[renamed(name, classNames: classNames)] = value
        }
        return result
    }

    static func renamed(_ name: String, classNames: [String]) -> String {
        guard name.hasSuffix("]"), let open = name.range(of: "_recall["),
              let index = Int(name[open.upperBound..<name.index(before: name.endIndex)]),
              classNames.indices.contains(index) else { return name }
        return name[..<open.upperBound] + classNames[index] + "]"
    }
}
