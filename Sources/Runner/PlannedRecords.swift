import Core
import Notebook
import Records

/// The stored records that belong to a plan's variants. A record counts as a variant's when it
/// carries the variant's id, or the id the first release gave it (`Variant.legacyID`), so a
/// `runs/` folder written by release one resumes with nothing retrained. Records are never
/// renamed or rewritten to the new id: the match is derived each time.
public struct PlannedRecords: Sendable {
    /// Each planned variant's record, by the variant's own key.
    public private(set) var byVariant: [RunKey: RunRecord] = [:]

    public init(variants: [Variant], records: [RunRecord]) {
        var stored: [RunKey: RunRecord] = [:]
        for record in records { stored[RunKey(record)] = record }
        for variant in variants {
            let key = RunKey(variant)
            if let record = stored[key] ?? variant.legacyID.flatMap({ stored[RunKey(experiment: variant.experiment, variant: $0)] }) {
                byVariant[key] = record
            }
        }
    }

    public func record(of variant: Variant) -> RunRecord? { byVariant[RunKey(variant)] }

    /// The records of `stored` that belong to the plan, in the store's order.
    public func keeping(_ stored: [RunRecord]) -> [RunRecord] {
        let matched = Set(byVariant.values.map(RunKey.init))
        return stored.filter { matched.contains(RunKey($0)) }
    }
}
