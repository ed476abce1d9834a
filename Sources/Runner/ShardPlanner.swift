// PUBLIC API CONTRACT (the Runner developer fills this in).
import Notebook

/// Splits a plan into `count` shards: deterministic, every variant in exactly one shard, balanced
/// by `Variant.cost`. Slurm array task k runs shard k/count.
public enum ShardPlanner {
    /// shards[k - 1] holds the variants of shard k/count.
    public static func partition(_ variants: [Variant], count: Int) -> [[Variant]] {
        precondition(count >= 1)
        var shards = [[Variant]](repeating: [], count: count)
        for (index, variant) in variants.enumerated() { shards[index % count].append(variant) }
        return shards
    }
}
