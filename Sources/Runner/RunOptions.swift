// PUBLIC API CONTRACT sketch (the Runner developer owns and may extend this module).
import Notebook

/// One shard of a plan: `index` in 1...count (as `--shard I/N` and Slurm array task ids write it).
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    public var index: Int
    public var count: Int
    public init(index: Int, count: Int) {
        precondition(count >= 1 && index >= 1 && index <= count, "shard \(index)/\(count) out of range")
        self.index = index
        self.count = count
    }
    public var description: String { "\(index)/\(count)" }
}
