import Foundation
import Records

/// The wall times of one run's events, taken from its record alone so an export made twice (or on
/// another machine, or after a Slurm merge) has the same bytes: the run ends at `finished_at`,
/// starts `seconds` earlier, and epochs are spread evenly between the two (records keep no time
/// per epoch; the spread is a deterministic stand-in, exact at both ends).
struct RunTimeline {
    var start: Double
    var end: Double
    var epochCount: Int

    init(record: RunRecord) {
        end = Self.unixSeconds(record.finishedAt) ?? 0
        let seconds = record.seconds.isFinite ? max(0, record.seconds) : 0
        start = end - seconds
        epochCount = record.epochs.count
    }

    /// Wall time of the end of epoch `epoch` (1-based).
    func wallTime(epoch: Int) -> Double {
        guard epochCount > 0 else { return end }
        return start + (end - start) * Double(epoch) / Double(epochCount)
    }

    /// `2026-12-01T09:26:28Z` (what `RunRecord.timestamp` writes) read without a formatter: a
    /// formatter per call costs more than the whole event file; other spellings go to Foundation.
    static func unixSeconds(_ text: String) -> Double? {
        let digits = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard digits[index] >= 48 && digits[index] <= 57 else { return nil }
                value = value * 10 + Int(digits[index] - 48)
            }
            return value
        }
        if digits.count == 20, digits[4] == 45, digits[7] == 45, digits[10] == 84, digits[13] == 58,
           digits[16] == 58, digits[19] == 90,
           let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
           let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
           (1...12).contains(month) {
            return Double(daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second)
        }
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)?.timeIntervalSince1970
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
