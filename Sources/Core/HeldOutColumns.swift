/// A fixed validation or test file must have the training file's columns, in its order: the
/// network's inputs are the training file's columns, and a reordered file is almost always a
/// different export. One rule, used by the notebook check and by the loader.
public enum HeldOutColumns {
    /// The first column (1-based) where `held` differs from `training`, and why; nil when they match.
    public static func firstDifference(training: [String], held: [String], trainingFile: String) -> (column: Int, message: String)? {
        for index in 0..<min(training.count, held.count) where training[index] != held[index] {
            let elsewhere = training.contains(held[index]) ? " ('\(held[index])' is column \(training.firstIndex(of: held[index])! + 1) there)" : ""
            return (index + 1, "column \(index + 1) is '\(held[index])' but \(trainingFile) has '\(training[index])'\(elsewhere); "
                + "a validation or test file needs the training file's columns in the same order")
        }
        if held.count < training.count {
            let absent = training[held.count...].map { "'\($0)'" }.joined(separator: ", ")
            return (held.count + 1, "the header has \(held.count) columns, \(trainingFile) has \(training.count) (missing \(absent))")
        }
        if held.count > training.count {
            let extra = held[training.count...].map { "'\($0)'" }.joined(separator: ", ")
            return (training.count + 1, "the header has \(held.count) columns, \(trainingFile) has \(training.count) (extra \(extra))")
        }
        return nil
    }
}
