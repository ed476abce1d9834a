import Foundation
import Records
import Testing

struct RecordTimestampTests {
    /// The hand-made timestamp reads exactly as ISO8601DateFormatter's did.
    @Test(arguments: [0.0, 1_764_600_007.9, 1_796_131_199.5, 951_782_400.0, 4_102_444_799.0] as [Double])
    func timestampMatchesTheISO8601Formatter(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        #expect(RunRecord.timestamp(date) == formatter.string(from: date))
    }
}
