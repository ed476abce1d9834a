import Core
import Foundation
import Notebook
import Records
import Search
import Testing

@Suite struct BayesSearchTests {
    static let space = """
      training.learning_rate: {distribution: log_uniform_values, min: 1.0e-4, max: 1.0}
      model.hidden: {values: [[8], [16], [32]]}
      training.batch_size: {min: 8, max: 64}
    """

    /// A fake objective, best at lr = 0.01 and width 16: what a method should find.
    static func objective(_ variant: Variant) -> Double {
        let lr = variant.config.training.learningRate
        let width = variant.config.model.hidden.first ?? 0
        return 1 - abs(log10(lr) + 2) / 4 - (width == 16 ? 0 : 0.2) + Double(variant.seed) * 1e-3
    }

    static func experiment(count: Int, extra: String = "") throws -> Experiment {
        try loadNotebook(notebook(method: "bayes", extra: "count: \(count)\n\(extra)", parameters: space)).experiments[0]
    }

    /// Drives the search to the end, telling each round's records in forward or reverse order.
    static func drive(_ experiment: Experiment, reversed: Bool = false,
                      status: (Int) -> RunStatus = { _ in .ok }) throws -> [[Variant]] {
        var search = ExperimentSearch(experiment: experiment)
        var rounds: [[Variant]] = []
        var index = 0
        while case .variants(let round) = try search.ask() {
            rounds.append(round)
            var records = round.map { variant -> RunRecord in
                defer { index += 1 }
                return record(of: variant, value: objective(variant), status: status(index))
            }
            if reversed { records.reverse() }
            for record in records { search.tell(record) }
        }
        return rounds
    }

    @Test func roundsAreOfRoundSizeAndIndependentOfTellOrder() throws {
        let experiment = try Self.experiment(count: 30, extra: "round_size: 4")
        let forward = try Self.drive(experiment).map { $0.map(\.id) }
        let backward = try Self.drive(experiment, reversed: true).map { $0.map(\.id) }
        #expect(forward == backward)
        #expect(forward.map(\.count) == [4, 4, 4, 4, 4, 4, 4, 2])
        #expect(Set(forward.joined()).count == 30, "no configuration is proposed twice")
        // The notebook's load-time plan is round 0, validated with everything else.
        #expect(experiment.variants.map(\.id) == forward[0])
    }

    @Test func raisingCountRepeatsEveryEarlierProposal() throws {
        let short = try Self.drive(Self.experiment(count: 20)).joined().map(\.id)
        let long = try Self.drive(Self.experiment(count: 40)).joined().map(\.id)
        #expect(short.count == 20 && long.count == 40)
        #expect(Array(long.prefix(20)) == short)
    }

    @Test func sweepSeedChangesTheProposals() throws {
        let zero = try Self.drive(Self.experiment(count: 8)).joined().map(\.id)
        let one = try Self.drive(Self.experiment(count: 8, extra: "sweep_seed: 1")).joined().map(\.id)
        #expect(zero != one)
    }

    @Test func modelRoundsBeatTheStartupRounds() throws {
        // After the random start, the estimator should propose better points on average.
        let rounds = try Self.drive(Self.experiment(count: 64))
        func mean(_ variants: [Variant]) -> Double { variants.map(Self.objective).reduce(0, +) / Double(variants.count) }
        let start = mean(Array(rounds.prefix(2).joined()))
        let late = mean(Array(rounds.suffix(3).joined()))
        #expect(late > start + 0.1, "start \(start), late \(late)")
    }

    @Test func targetEndsTheSearchAfterTheRoundThatReachedIt() throws {
        let all = try Self.drive(Self.experiment(count: 64))
        let values = all.map { $0.map(Self.objective).max()! }
        let target = values[3]
        // The first round whose best reaches the target is the last one proposed.
        let stop = values.firstIndex { $0 >= target }!
        let stopped = try Self.drive(Self.experiment(count: 64, extra: "metric: {name: val_accuracy, target: \(target)}"))
        #expect(stopped.count == stop + 1)
        #expect(stopped.map { $0.map(\.id) } == Array(all.prefix(stop + 1)).map { $0.map(\.id) })
    }

    @Test func failedRunsAreObservationsTimedOutOnesAreNot() throws {
        // Failed runs change what follows (they count as the worst value); the search still ends.
        let clean = try Self.drive(Self.experiment(count: 32)).joined().map(\.id)
        let failing = try Self.drive(Self.experiment(count: 32), status: { $0 % 3 == 0 ? .failed : .ok }).joined().map(\.id)
        #expect(failing.count == 32)
        #expect(Array(failing.prefix(16)) == Array(clean.prefix(16)), "the random start does not learn")
        #expect(failing != clean)
        let timedOut = try Self.drive(Self.experiment(count: 32), status: { _ in .timed_out }).joined().map(\.id)
        #expect(timedOut.count == 32, "a round of unobserved runs is still complete")
    }

    @Test func replayingRecordsGivesTheSameRounds() throws {
        let document = try loadNotebook(notebook(method: "bayes", extra: "count: 24", parameters: Self.space))
        let rounds = try Self.drive(document.experiments[0])
        let records = rounds.joined().map { record(of: $0, value: Self.objective($0)) }
        // All records: every round is known; one record of round 2 missing: round 2 is pending.
        let full = try document.replayingRounds(records: records)
        #expect(full.document.variants.map(\.id) == rounds.joined().map(\.id))
        #expect(!full.pending)
        let partial = try document.replayingRounds(records: Array(records.prefix(20)))
        #expect(partial.document.variants.map(\.id) == Array(rounds.joined().map(\.id)))
        #expect(partial.pending)
        let first = try document.replayingRounds(records: Array(records.prefix(7)))
        #expect(first.document.variants.count == 8)
    }

    @Test func bayesOverFixedValuesIsRefusedAtTheMethod() throws {
        let text = notebook(method: "bayes", extra: "count: 4", parameters: "  training.learning_rate: {value: 0.01}")
        #expect { try loadNotebook(text) } throws: { "\($0)".contains("notebook.yaml:4:9: error: bayes search needs a parameter that takes more than one value") }
        // Without a count the search runs until stopped: its first round is planned.
        let noCount = try loadNotebook(notebook(method: "bayes", parameters: Self.space))
        #expect(noCount.experiments[0].growsWithRecords)
        #expect(noCount.experiments[0].variants.count == SweepRequest.defaultRoundSize)
    }

    @Test func quantisedDomainsFollowWandB() throws {
        let domain = ParameterDomain.qUniform(min: 0.5, max: 10, q: 2.341, integral: false)
        #expect(domain.values == [.double(0.5), .double(2.841), .double(5.182), .double(7.523), .double(9.864)])
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<200 {
            let value = domain.sample(&generator).doubleValue!
            #expect(value >= 0.5 && value <= 10)
        }
    }
}
