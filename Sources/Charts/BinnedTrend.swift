// The trend of a metric over a many-valued numeric parameter: the runs split into equal-width bins
// (in log space for a log axis), and per bin the median with the interquartile range. A line through
// every distinct value of a 2,000-run random search is a zig-zag of single runs; bins of ~100 runs
// show the shape and how much it spreads.
import Foundation

public struct BinnedTrend: Sendable, Equatable {
    public struct Bin: Sendable, Equatable {
        /// The bin's centre on the axis (geometric centre on a log axis).
        public var center: Double
        public var count: Int
        public var median: Double
        public var lowerQuartile: Double
        public var upperQuartile: Double
    }

    public var bins: [Bin]

    /// Fewer runs than this in a bin say nothing about its median: the bin is left out.
    public static let minimumPerBin = 3

    /// Bins over [min x, max x]: about sqrt(n / 4) of them, between 4 and 24, so that a bin holds
    /// tens of runs at a few hundred and ~100 at 2,000.
    public init(points: [(x: Double, y: Double)], log: Bool) {
        let usable = points.filter { $0.y.isFinite && $0.x.isFinite && (!log || $0.x > 0) }
        let position: (Double) -> Double = log ? { Foundation.log10($0) } : { $0 }
        guard let lo = usable.map({ position($0.x) }).min(), let hi = usable.map({ position($0.x) }).max(), hi > lo else {
            bins = []
            return
        }
        let count = max(4, min(24, Int((Double(usable.count) / 4).squareRoot().rounded())))
        let width = (hi - lo) / Double(count)
        var members = [[Double]](repeating: [], count: count)
        for point in usable {
            let index = min(count - 1, Int((position(point.x) - lo) / width))
            members[index].append(point.y)
        }
        bins = members.enumerated().compactMap { index, values in
            guard values.count >= Self.minimumPerBin else { return nil }
            let sorted = values.sorted()
            let middle = lo + (Double(index) + 0.5) * width
            return Bin(center: log ? pow(10, middle) : middle, count: values.count,
                       median: Self.quantile(sorted, 0.5), lowerQuartile: Self.quantile(sorted, 0.25),
                       upperQuartile: Self.quantile(sorted, 0.75))
        }
    }

    /// Linear interpolation between order statistics (numpy's default, R type 7) of sorted values.
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty)
        let position = q * Double(sorted.count - 1)
        let below = Int(position.rounded(.down))
        let above = min(sorted.count - 1, below + 1)
        return sorted[below] + (sorted[above] - sorted[below]) * (position - Double(below))
    }
}

/// Which of `count` items a chart draws when there are more than `limit`: every k-th by position,
/// evenly spread, the same every time (the order of the items is the report's, which is stable).
public enum DeterministicSample {
    public static func indices(count: Int, limit: Int) -> [Int] {
        guard count > limit, limit > 0 else { return Array(0..<count) }
        return (0..<limit).map { $0 * count / limit }
    }
}
