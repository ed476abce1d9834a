import Core
import Notebook
import Records

/// Plain sentences about where runs fail, when the sweep makes it visible:
/// "Every run with learning_rate >= 0.3 diverged."
enum FailureBoundary {
    static func sentences(records: [RunRecord], parameters: [(name: String, short: String)],
                          categorical: Set<String>) -> [String] {
        var sentences: [String] = []
        for status in [RunStatus.diverged, .timed_out, .failed] {
            let failed = records.filter { $0.status == status }
            guard !failed.isEmpty, failed.count < records.count else { continue }
            var found = false
            for (name, short) in parameters {
                if let sentence = boundary(records: records, status: status, name: name, short: short,
                                           categorical: categorical.contains(name)) {
                    sentences.append(sentence)
                    found = true
                }
            }
            if !found { sentences += conditional(records: records, status: status, parameters: parameters, categorical: categorical) }
        }
        return sentences
    }

    /// A boundary that holds within each value of another parameter ("with optimizer = sgd, every
    /// run with learning_rate >= 10 diverged"), when no parameter explains the failures alone.
    private static func conditional(records: [RunRecord], status: RunStatus, parameters: [(name: String, short: String)],
                                    categorical: Set<String>) -> [String] {
        for (condition, conditionShort) in parameters {
            var values: [ConfigValue] = []
            for record in records {
                guard let value = record.parameters[condition] else { return [] }
                if !values.contains(where: { $0.canonical == value.canonical }) { values.append(value) }
            }
            guard values.count > 1 else { continue }
            for (name, short) in parameters where name != condition {
                // Where runs failed first, then where none did.
                var sentences: [String] = []
                var clean: [String] = []
                var explained = true
                for value in values {
                    let subset = records.filter { $0.parameters[condition]?.canonical == value.canonical }
                    let failed = subset.filter { $0.status == status }
                    if failed.isEmpty {
                        let range = subset.compactMap { $0.parameters[name]?.doubleValue }
                        let upTo = categorical.contains(name) ? nil : range.max()
                        clean.append("With \(conditionShort) = \(value.display), no run \(status.readable)"
                            + (upTo.map { " (\(short) up to \(ReadableNumber.parameter($0)))" } ?? "") + ".")
                    } else if failed.count < subset.count,
                              let sentence = boundary(records: subset, status: status, name: name, short: short,
                                                      categorical: categorical.contains(name)) {
                        sentences.append("With \(conditionShort) = \(value.display), " + sentence.prefix(1).lowercased() + sentence.dropFirst())
                    } else {
                        explained = false
                    }
                }
                if explained { return sentences + clean }
            }
        }
        return []
    }

    private static func boundary(records: [RunRecord], status: RunStatus, name: String, short: String,
                                 categorical: Bool) -> String? {
        let valued = records.compactMap { record in record.parameters[name].map { (record.status == status, $0) } }
        guard valued.count == records.count else { return nil }
        let verb = status.readable
        let numbers = valued.compactMap { failed, value in value.doubleValue.map { (failed, $0) } }
        if !categorical && numbers.count == valued.count {
            let failedValues = numbers.filter(\.0).map(\.1)
            let keptValues = numbers.filter { !$0.0 }.map(\.1)
            guard let lowestFailed = failedValues.min(), let highestFailed = failedValues.max(),
                  let lowestKept = keptValues.min(), let highestKept = keptValues.max() else { return nil }
            if highestKept < lowestFailed {
                return "Every run with \(short) >= \(ReadableNumber.parameter(lowestFailed)) \(verb); "
                    + "every run with \(short) <= \(ReadableNumber.parameter(highestKept)) did not."
            }
            if lowestKept > highestFailed {
                return "Every run with \(short) <= \(ReadableNumber.parameter(highestFailed)) \(verb); "
                    + "every run with \(short) >= \(ReadableNumber.parameter(lowestKept)) did not."
            }
            return nil
        }
        // Categories: the values at which every run failed, when they account for every failure.
        var order: [String] = []
        var byValue: [String: (display: String, failed: Int, total: Int)] = [:]
        for (failed, value) in valued {
            let key = value.canonical
            if byValue[key] == nil { order.append(key); byValue[key] = (value.display, 0, 0) }
            byValue[key]!.failed += failed ? 1 : 0
            byValue[key]!.total += 1
        }
        let allFailing = order.filter { byValue[$0]!.failed == byValue[$0]!.total }
        let failingWithAny = order.filter { byValue[$0]!.failed > 0 }
        guard !allFailing.isEmpty, allFailing.count < order.count, allFailing == failingWithAny else { return nil }
        let names = allFailing.map { byValue[$0]!.display }
        return "Every run with \(short) = \(names.joined(separator: " or ")) \(verb), and no other run did."
    }
}
