import Foundation

/// `--until 07:00`: a time of day (`HH:MM` or `HH:MM:SS`, 24-hour, in the machine's time zone),
/// meaning its next occurrence: at 22:00, `07:00` is nine hours away; at 07:30, a day less half an hour.
public enum ClockTimeGrammar {
    /// Seconds from `now` until the next `text` o'clock, or nil when `text` is not a time of day.
    public static func seconds(until text: String, from now: Date = Date(), in zone: TimeZone = .current) -> Double? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
              parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        let second = parts.count == 3 ? Int(parts[2]) : 0
        guard let second, (0...59).contains(second) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let wanted = DateComponents(hour: hour, minute: minute, second: second)
        guard let next = calendar.nextDate(after: now, matching: wanted, matchingPolicy: .nextTime) else { return nil }
        return next.timeIntervalSince(now)
    }

    public static let expected = "a time of day such as 07:00 or 23:30:00 (24-hour, this machine's time zone)"
}
