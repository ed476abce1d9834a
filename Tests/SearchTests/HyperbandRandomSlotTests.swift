import Core
import Foundation
import Notebook
import Records
import Search
import Testing

/// Under hyperband, bayes keeps every third slot of a round random (BOHB's random fraction): the
/// model sees mostly survivors of cheap bands and would otherwise collapse onto fast starters.
@Suite struct HyperbandRandomSlotTests {
    static func search(randomEvery: Int?) throws -> BayesSearch {
        let experiment = try BayesSearchTests.experiment(count: 72, extra: "round_size: 9")
        return try BayesSearch(space: SearchSpace(experiment: experiment), count: 72, roundSize: 9, seed: 4,
                               randomEvery: randomEvery)
    }

    /// Every round of `method`, each point told the fake objective of its lr and width.
    static func drive(_ start: BayesSearch) -> [[SearchPoint]] {
        var method = start
        var rounds: [[SearchPoint]] = []
        while case .points(let round) = method.ask() {
            rounds.append(round)
            for point in round { method.tell(Observation(point: point, value: objective(point))) }
        }
        return rounds
    }

    static func objective(_ point: SearchPoint) -> Double {
        let lr = point.values[0].doubleValue ?? 1
        let width = point.values[1] == .list([.int(16)]) ? 0 : 0.2
        return 1 - abs(log10(lr) + 2) / 4 - width
    }

    @Test func everyThirdSlotIsRandomTheRestFollowTheModel() throws {
        let plain = Self.drive(try Self.search(randomEvery: nil))
        let mixed = Self.drive(try Self.search(randomEvery: 3))
        #expect(mixed.map(\.count) == Array(repeating: 9, count: 8))
        // The random start is the same; model rounds differ.
        #expect(Array(mixed.prefix(2)) == Array(plain.prefix(2)))
        #expect(mixed != plain)
        func mean(_ points: [SearchPoint]) -> Double { points.map(Self.objective).reduce(0, +) / Double(points.count) }
        let late = mixed.suffix(4)
        let modelSlots = late.flatMap { round in round.indices.filter { ($0 + 1) % 3 != 0 }.map { round[$0] } }
        let randomSlots = late.flatMap { round in round.indices.filter { ($0 + 1) % 3 == 0 }.map { round[$0] } }
        #expect(mean(modelSlots) > mean(randomSlots) + 0.05, "model \(mean(modelSlots)), random \(mean(randomSlots))")
        #expect(mean(modelSlots) > mean(Array(mixed.prefix(2).joined())) + 0.05)
    }

    @Test func onlyHyperbandExperimentsGetRandomSlots() throws {
        let plain = try BayesSearchTests.experiment(count: 18)
        #expect(!plain.sweep.cutAtBands)
        let cut = try loadNotebook("""
            title: bands
            dataset: {name: moons}
            training: {epochs: 9}
            metric: val_loss
            method: bayes
            count: 18
            early_terminate: {type: hyperband, min_iter: 1}
            parameters:
              training.learning_rate: {distribution: log_uniform_values, min: 1.0e-4, max: 1.0}
            """).experiments[0]
        #expect(cut.sweep.cutAtBands)
    }
}
