import Foundation
import Testing
import Backprop

struct ScheduleTests {
    func rates(_ schedule: ScheduleSpec, epochs: Int, base: Double = 1) -> [Double] {
        (0..<epochs).map { schedule.learningRate(epoch: $0, totalEpochs: epochs, baseRate: base) }
    }

    func expectClose(_ actual: [Double], _ expected: [Double]) {
        #expect(actual.count == expected.count)
        for (a, e) in zip(actual, expected) { #expect(abs(a - e) < 1e-12, "\(actual) vs \(expected)") }
    }

    @Test func constantKeepsTheBaseRate() {
        expectClose(rates(ScheduleSpec(kind: .constant), epochs: 3, base: 0.1), [0.1, 0.1, 0.1])
    }

    @Test func stepDecaysEveryStepEpochs() {
        expectClose(rates(ScheduleSpec(kind: .step, stepEpochs: 2, gamma: 0.5), epochs: 5), [1, 1, 0.5, 0.5, 0.25])
    }

    @Test func exponentialDecaysEveryEpoch() {
        expectClose(rates(ScheduleSpec(kind: .exponential, gamma: 0.5), epochs: 4), [1, 0.5, 0.25, 0.125])
    }

    @Test func cosineAnnealsToTheMinimum() {
        // torch CosineAnnealingLR(T_max = 4, eta_min = 0.1): 0.1 + 0.9 (1 + cos(pi t / 4)) / 2
        let expected = (0..<4).map { 0.1 + 0.9 * (1 + cos(Double.pi * Double($0) / 4)) / 2 }
        expectClose(rates(ScheduleSpec(kind: .cosine, minimumRate: 0.1), epochs: 4), expected)
    }

    @Test func warmupRampsLinearlyThenTheScheduleStarts() {
        expectClose(rates(ScheduleSpec(kind: .step, stepEpochs: 1, gamma: 0.5, warmupEpochs: 4), epochs: 6),
                    [0.25, 0.5, 0.75, 1, 1, 0.5])
        let cosine = rates(ScheduleSpec(kind: .cosine, warmupEpochs: 2), epochs: 6)
        expectClose(Array(cosine.prefix(3)), [0.5, 1, 1])
        #expect(abs(cosine[4] - 0.5) < 1e-12, "half-way through the 4 post-warm-up epochs: \(cosine)")
    }
}
