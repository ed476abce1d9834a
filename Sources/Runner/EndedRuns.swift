import Core
import Records

/// How many runs ended in a sweep (a record made, saved or not), and how many of them did not
/// finish (failed or timed out, `RunStatus.isFinished`): what `gradbook run` says of a sweep whose
/// records it does not keep (`SweepRunner.keepsRecords`).
public struct EndedRuns: Sendable, Equatable {
    public var count = 0
    public var unfinished = 0

    public init() {}

    public mutating func add(_ status: RunStatus) {
        count += 1
        if !status.isFinished { unfinished += 1 }
    }

    public mutating func add(_ records: [RunRecord]) {
        for record in records { add(record.status) }
    }

    public static func += (lhs: inout EndedRuns, rhs: EndedRuns) {
        lhs.count += rhs.count
        lhs.unfinished += rhs.unfinished
    }
}
