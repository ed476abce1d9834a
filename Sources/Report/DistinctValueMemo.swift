import Core
import Foundation

/// `ExperimentResults.distinctValues(of:)` by parameter name, filled on first use. A class under a
/// lock because the report's charts are planned and drawn on several threads that share one
/// results value.
final class DistinctValueMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [String: [ConfigValue]] = [:]

    func values(of parameter: String, compute: () -> [ConfigValue]) -> [ConfigValue] {
        if let values = lock.withLock({ known[parameter] }) { return values }
        // Computed outside the lock: two threads asking at once both compute the same values.
        let values = compute()
        lock.withLock { known[parameter] = values }
        return values
    }
}
