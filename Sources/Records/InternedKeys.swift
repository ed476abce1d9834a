import Foundation

/// The long key names of the records a report reads, each kept once for the whole process.
///
/// Every record of a sweep spells the same keys (`training.learning_rate`,
/// `val_balanced_accuracy`, ...), and a key longer than 15 UTF-8 bytes is a heap string of its
/// own in each record's dictionaries: ~30 MB of a 100,000-run report's peak. Shorter keys are
/// stored inline in the `String` and are never interned. Records are read on several threads,
/// hence the lock; the table stops growing at `limit` names, after which keys are returned as read.
final class InternedKeys: @unchecked Sendable {
    static let shared = InternedKeys()
    static let limit = 10_000
    /// The longest text a `String` stores inline (64-bit platforms), so interning gains nothing.
    static let inlineBytes = 15

    private var names = Set<String>()
    private let lock = NSLock()

    /// `key`, or the equal string read before it.
    func intern(_ key: String) -> String {
        guard key.utf8.count > Self.inlineBytes else { return key }
        lock.lock()
        defer { lock.unlock() }
        // `String` equality is Unicode's canonical equivalence: a name spelt in another
        // normalisation is equal but not the same bytes, and records keep their own bytes.
        if let known = names.firstIndex(of: key) { return names[known].utf8.elementsEqual(key.utf8) ? names[known] : key }
        if names.count < Self.limit { names.insert(key) }
        return key
    }
}
