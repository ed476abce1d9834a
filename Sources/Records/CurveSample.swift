import Core

/// Which runs of a large sweep a report keeps curves of, and which lines a chart draws: a
/// deterministic sample by a hash of a stable name (a variant id, a variant's swept values), so
/// the same records give the same sample on every machine, order and thread count, and a run in
/// the sample stays in it as the sweep grows only as its share shrinks.
public enum CurveSample {
    /// Curves held in memory per experiment; sweeps up to this size keep every curve.
    public static let recordLimit = 1000

    /// True when `name` is among about `limit` of `count` names (all of them when `count <= limit`).
    public static func keeps(_ name: String, of count: Int, limit: Int) -> Bool {
        guard count > limit else { return true }
        return hash(name) % UInt64(count) < UInt64(limit)
    }

    /// FNV-1a, 64 bits: stable across runs and platforms (Swift's `Hasher` is seeded per process).
    public static func hash(_ name: String) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
        return value
    }
}
