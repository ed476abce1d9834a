// PUBLIC API CONTRACT (the Runner developer fills this in; Report and the CLI read through it).
import Foundation

/// The run records of one notebook's output folder: `<directory>/runs/<experiment>/<variant>.json`.
/// Writes are atomic (temp file, fsync, rename), so a reader never sees half a record.
public struct RunRecordStore: Sendable {
    /// The notebook's output folder (`reports/<stem>`), which holds `runs/`.
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public func recordPath(experiment: String, variant: String) -> String {
        "\(directory)/runs/\(experiment)/\(variant).json"
    }

    /// Every readable record under runs/ (unreadable files are reported, not fatal).
    public func loadAll() throws -> [RunRecord] { [] }

    public func load(experiment: String, variant: String) -> RunRecord? { nil }

    public func save(_ record: RunRecord) throws {
        throw CocoaError(.featureUnsupported)
    }
}
