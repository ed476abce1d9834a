import Core
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

    /// The distinct values of `parameter`, in reading order: numbers ascending; other values in the
    /// order the notebook declares them (first appearance among the planned variants, which a grid
    /// expands in declaration order), then values only stored records have. Never in metric order.
    static func distinctValues(parameter: String, variants: [Variant], groups: [RunGroup]) -> [ConfigValue] {
        var distinct: [ConfigValue] = []
        var seen = Set<String>()
        let planned = variants.lazy.compactMap { $0.parameters.first { $0.name == parameter }?.value }
        var seenNumbers = Set<UInt64>()
        for value in Array(planned) + groups.compactMap({ $0.value(of: parameter) })
        where value.canonicalNumber.map({ seenNumbers.insert($0).inserted }) ?? seen.insert(value.canonical).inserted {
            distinct.append(value)
        }
        let numbers = distinct.compactMap(\.doubleValue)
        if numbers.count == distinct.count { distinct.sort { ($0.doubleValue ?? 0) < ($1.doubleValue ?? 0) } }
        return distinct
    }

    /// Buckets for `parameter` over `distinct` (see `distinctValues`); many distinct numbers are binned.
    static func make(distinct: [ConfigValue], logScale: Bool) -> [ValueBucket] {
        let numbers = distinct.compactMap(\.doubleValue)
        let allNumeric = numbers.count == distinct.count && !numbers.isEmpty
        if allNumeric && distinct.count > maxDistinct {
            return bins(numbers, logScale: logScale && numbers.allSatisfy { $0 > 0 })
        }
        return distinct.map { value in
            if let number = value.canonicalNumber {
                return ValueBucket(label: value.display, number: value.doubleValue) { $0.canonicalNumber == number }
            }
            let key = value.canonical
            return ValueBucket(label: value.display, number: value.doubleValue) { $0.canonicalNumber == nil && $0.canonical == key }
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
