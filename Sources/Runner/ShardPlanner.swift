import Notebook
import Records

/// Splits a plan into `count` shards: deterministic, every variant in exactly one shard, balanced
/// by `Variant.cost`. Slurm array task k runs shard k/count.
public enum ShardPlanner {
    /// shards[k - 1] holds the variants of shard k/count.
    ///
    /// Greedy longest-processing-time: variants in order of decreasing cost (ties by id, then
    /// experiment) each go to the shard with the least total cost so far (ties to the lowest
    /// index). The result depends only on the variants, never on their input order, so every
    /// array task computes the same partition. Within a shard, variants keep that cost order.
    public static func partition(_ variants: [Variant], count: Int) -> [[Variant]] {
        precondition(count >= 1)
        var shards = [[Variant]](repeating: [], count: count)
        var loads = [Double](repeating: 0, count: count)
        for variant in scheduleOrder(variants) {
            var lightest = 0
            for index in 1..<count where loads[index] < loads[lightest] { lightest = index }
            shards[lightest].append(variant)
            loads[lightest] += max(variant.cost, 0)
        }
        return shards
    }

    /// The one answer to "which array task owns this run": variant -> its shard index k (1-based,
    /// as Slurm's `SLURM_ARRAY_TASK_ID` and `--shard k/count` write it).
    public static func owners(of variants: [Variant], count: Int) -> [RunKey: Int] {
        var owners: [RunKey: Int] = [:]
        for (offset, shard) in partition(variants, count: count).enumerated() {
            for variant in shard { owners[RunKey(variant)] = offset + 1 }
        }
        return owners
    }

    /// The variants of shard `shard` of the plan.
    public static func variants(of shard: Shard, in variants: [Variant]) -> [Variant] {
        partition(variants, count: shard.count)[shard.index - 1]
    }

    /// Most expensive first, ties broken by id then experiment: the order runs are scheduled in.
    public static func scheduleOrder(_ variants: [Variant]) -> [Variant] {
        variants.sorted { left, right in
            if left.cost != right.cost { return left.cost > right.cost }
            if left.id != right.id { return left.id < right.id }
            return left.experiment < right.experiment
        }
    }
}
