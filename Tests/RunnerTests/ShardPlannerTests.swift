import Core
import Notebook
@testable import Runner
import Testing

struct ShardPlannerTests {
    /// Costs with repeats (ties) and a wide spread, as grids over widths produce.
    let variants: [Variant] = (0..<23).map { index in
        TestVariants.variant(String(format: "v%02d", index), cost: Double([5, 1, 9, 9, 3, 40, 2][index % 7] * (1 + index % 3)))
    }

    @Test(arguments: [1, 2, 3, 4, 7, 23, 30])
    func everyVariantLandsInExactlyOneShard(count: Int) {
        let shards = ShardPlanner.partition(variants, count: count)
        #expect(shards.count == count)
        let ids = shards.flatMap { $0.map(\.id) }
        #expect(ids.count == variants.count)
        #expect(Set(ids) == Set(variants.map(\.id)))
    }

    @Test(arguments: [2, 3, 5])
    func partitionIgnoresInputOrder(count: Int) {
        let forward = ShardPlanner.partition(variants, count: count).map { $0.map(\.id) }
        let backward = ShardPlanner.partition(variants.reversed(), count: count).map { $0.map(\.id) }
        var generator = SystemIndependentShuffle(seed: 42)
        let shuffled = ShardPlanner.partition(generator.shuffle(variants), count: count).map { $0.map(\.id) }
        #expect(forward == backward)
        #expect(forward == shuffled)
    }

    @Test(arguments: [2, 3, 4, 6])
    func shardsAreBalancedByCost(count: Int) {
        let loads = ShardPlanner.partition(variants, count: count).map { $0.reduce(0) { $0 + $1.cost } }
        let largest = variants.map(\.cost).max() ?? 0
        // Greedy LPT never lets the spread exceed the largest single job.
        #expect((loads.max() ?? 0) - (loads.min() ?? 0) <= largest)
        // And a round-robin split of this cost-sorted input would be worse or equal.
        let total = variants.reduce(0) { $0 + $1.cost }
        #expect((loads.max() ?? 0) <= total / Double(count) + largest)
    }

    @Test func equalCostsSplitEvenly() {
        let same = (0..<9).map { TestVariants.variant("s\($0)", cost: 10) }
        let sizes = ShardPlanner.partition(same, count: 3).map(\.count)
        #expect(sizes == [3, 3, 3])
    }

    @Test func shardLookupMatchesPartition() {
        let partition = ShardPlanner.partition(variants, count: 3)
        for index in 1...3 {
            #expect(ShardPlanner.variants(of: Shard(index: index, count: 3), in: variants).map(\.id)
                    == partition[index - 1].map(\.id))
        }
    }

    @Test func scheduleOrderIsMostExpensiveFirstWithIdTieBreak() {
        let order = ShardPlanner.scheduleOrder([
            TestVariants.variant("b", cost: 5), TestVariants.variant("a", cost: 5), TestVariants.variant("c", cost: 50),
        ]).map(\.id)
        #expect(order == ["c", "a", "b"])
    }

    @Test func shardParsing() {
        #expect(Shard(parsing: "2/3") == Shard(index: 2, count: 3))
        #expect(Shard(parsing: "1/1") == Shard(index: 1, count: 1))
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "-1/2", "1/2/3", ""] {
            #expect(Shard(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func durations() {
        #expect(DurationGrammar.seconds("90") == 90)
        #expect(DurationGrammar.seconds("1.5s") == 1.5)
        #expect(DurationGrammar.seconds("10m") == 600)
        #expect(DurationGrammar.seconds("2h") == 7200)
        for bad in ["", "m", "-1s", "0", "ten", "inf"] { #expect(DurationGrammar.seconds(bad) == nil, "\(bad)") }
    }
}

/// A tiny deterministic shuffle for order-independence tests.
struct SystemIndependentShuffle {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func shuffle<T>(_ items: [T]) -> [T] {
        var items = items
        guard items.count > 1 else { return items }
        for index in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(index, Int(next() % UInt64(index + 1)))
        }
        return items
    }
}
