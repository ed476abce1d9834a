import Foundation
import Notebook

/// The distinct values of one swept parameter, or ranges of them when a random search drew too
/// many distinct numbers to tabulate one by one.
struct ValueBucket: Sendable {
    var label: String
    /// Sort position and chart coordinate: the value itself, or the middle of the range.
    var number: Double?
    var contains: @Sendable (ConfigValue) -> Bool
}

enum ValueBuckets {
    static let maxDistinct = 8
    static let binCount = 5

    /// Buckets for `parameter` over the groups' values: numbers ascending, other values in order
    /// of first appearance.
    static func make(parameter: String, groups: [RunGroup], logScale: Bool) -> [ValueBucket] {
        var distinct: [ConfigValue] = []
        var seen = Set<String>()
        for group in groups {
            guard let value = group.value(of: parameter), seen.insert(value.canonical).inserted else { continue }
            distinct.append(value)
        }
        let numbers = distinct.compactMap(\.doubleValue)
        let allNumeric = numbers.count == distinct.count && !numbers.isEmpty
        if allNumeric && distinct.count > maxDistinct {
            return bins(numbers, logScale: logScale && numbers.allSatisfy { $0 > 0 })
        }
        if allNumeric { distinct.sort { ($0.doubleValue ?? 0) < ($1.doubleValue ?? 0) } }
        return distinct.map { value in
            let key = value.canonical
            return ValueBucket(label: value.display, number: value.doubleValue) { $0.canonical == key }
        }
    }

    private static func bins(_ numbers: [Double], logScale: Bool) -> [ValueBucket] {
        guard let low = numbers.min(), let high = numbers.max(), high > low else { return [] }
        let forward: (Double) -> Double = logScale ? { log10($0) } : { $0 }
        let back: (Double) -> Double = logScale ? { pow(10, $0) } : { $0 }
        let (a, b) = (forward(low), forward(high))
        let edges = (0...binCount).map { back(a + (b - a) * Double($0) / Double(binCount)) }
        return (0..<binCount).map { index in
            let (lower, upper) = (edges[index], edges[index + 1])
            let last = index == binCount - 1
            let label = "\(ReadableNumber.format(lower, significant: 2))–\(ReadableNumber.format(upper, significant: 2))"
            return ValueBucket(label: label, number: back((forward(lower) + forward(upper)) / 2)) { value in
                guard let x = value.doubleValue else { return false }
                return x >= lower && (last ? x <= upper : x < upper)
            }
        }
    }
}
