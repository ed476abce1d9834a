import Report

/// What refreshing `<out>/README.md`, the index of every notebook's report, did.
public struct IndexOutcome: Sendable {
    public var path: String
    /// Notebooks listed; 0 when a README.md that gradbook did not write was left alone.
    public var listed: Int
    public var error: String?

    /// Refreshes the index of `directory` (a README.md gradbook did not write is left alone).
    static func refresh(directory: String) -> IndexOutcome {
        let path = "\(directory)/README.md"
        do {
            return IndexOutcome(path: path, listed: try IndexWriter.refresh(directory: directory))
        } catch {
            return IndexOutcome(path: path, listed: 0, error: "cannot write the index \(path): \(error)")
        }
    }
}
