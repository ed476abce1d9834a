import Core
import Foundation

/// Forest estimates of parameter importance computed by an earlier report of the same folder,
/// reused when the forest's input is unchanged. Fitting 64 trees and decomposing each on a grid
/// is most of an adaptive experiment's statistics, and a re-render after editing a chart cell
/// feeds the forest the same runs again. `charts/.importance.json` maps the SHA-256 of the
/// estimate's whole input (the style identity, which names the executable, so a rebuilt gradbook
/// recomputes; the parameter names; every coordinate and target value by its bits; the grid of
/// representative points) to the estimate, every number stored by its bits. So a kept estimate
/// is bit for bit the one fitting the forest again would give; any changed run changes the digest.
final class ImportanceCache: @unchecked Sendable {
    static let fileName = "charts/.importance.json"

    /// One estimate as stored: numbers as the hexadecimal bits of their `Double`.
    struct Stored: Codable, Equatable {
        struct Share: Codable, Equatable {
            var parameters: [String]
            var share: String
        }
        var shares: [Share]
        var interactions: String
        var seedNoise: String
        var runs: Int
    }

    /// The estimate of one input; nil when the forest could not say how much it explains.
    struct Entry: Codable, Equatable {
        var estimate: Stored?
    }

    private let file: ReportCacheFile<Entry>
    private let identity: String
    /// The last report's entries, and each one's estimate (entries whose numbers do not parse are dropped).
    private let previous: [String: Entry]
    private let known: [String: ParameterImportance.Estimate?]
    private let lock = NSLock()
    private var current: [String: Entry] = [:]
    /// How many estimates came from the file (what tests check).
    private(set) var reused: Int = 0

    /// Reads the estimates of `directory`'s last report; an unreadable or foreign file counts as none.
    init(directory: String, identity: String) {
        self.identity = identity
        // Format 2: entries under `entries` (format 1 named them `estimates`).
        file = ReportCacheFile(directory: directory, name: Self.fileName, format: 2)
        previous = file.load()
        var known: [String: ParameterImportance.Estimate?] = [:]
        for (digest, entry) in previous {
            guard let stored = entry.estimate else { known[digest] = .some(nil); continue }
            if let estimate = Self.decode(stored) { known[digest] = estimate }
        }
        self.known = known
    }

    /// The estimate for `input` (the caller's full description of what the forest sees): the
    /// stored one when this input was estimated before, else `compute()`'s, remembered.
    func estimate(input: String, compute: () -> ParameterImportance.Estimate?) -> ParameterImportance.Estimate? {
        let digest = SHA256.hexDigest(identity + "\n" + input)
        if let entry = previous[digest], let estimate = known[digest] {
            lock.withLock {
                current[digest] = entry
                reused += 1
            }
            return estimate
        }
        let estimate = compute()
        lock.withLock { current[digest] = Self.encode(estimate) }
        return estimate
    }

    /// Writes this render's estimates (atomically, and only when they changed).
    func save() throws {
        try file.save(lock.withLock { current }, previous: previous)
    }

    static func bits(_ value: Double) -> String { String(value.bitPattern, radix: 16) }

    static func value(_ bits: String) -> Double? { UInt64(bits, radix: 16).map(Double.init(bitPattern:)) }

    static func encode(_ estimate: ParameterImportance.Estimate?) -> Entry {
        guard let estimate else { return Entry(estimate: nil) }
        return Entry(estimate: Stored(shares: estimate.shares.map { Stored.Share(parameters: $0.parameters, share: bits($0.share)) },
                                      interactions: bits(estimate.interactions), seedNoise: bits(estimate.seedNoise),
                                      runs: estimate.runs))
    }

    /// The stored estimate; nil when one of its numbers does not parse.
    static func decode(_ stored: Stored) -> ParameterImportance.Estimate? {
        var shares: [ParameterImportance.Share] = []
        for share in stored.shares {
            guard let value = value(share.share) else { return nil }
            shares.append(.init(parameters: share.parameters, share: value))
        }
        guard let interactions = value(stored.interactions), let seedNoise = value(stored.seedNoise) else { return nil }
        return (shares, interactions, seedNoise, stored.runs)
    }
}
