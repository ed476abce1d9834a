import Foundation
import Records
import Testing

/// Budgets on the built binary: an epoch budget gives the same runs on any `--jobs`, after a
/// resume and over two shards, those runs are the first of the proposal sequence, and the search
/// without a count ends there with exit 0; a time budget the prior already rules out ends the
/// search before its first run; shards need a count or an epoch budget.
@Suite(.serialized)
struct BudgetRunTests {
    /// Early stopping with patience 1 on large learning rates: runs train different numbers of
    /// epochs, so the cut depends on what they trained, not on `epochs` alone.
    static func notebook(method: String, budget: String?, count: Int? = nil) -> String {
        """
        title: Tiny budgeted search
        defaults:
          dataset: {name: moons, n: 120, validation: 0.25, seed: 0}
          model: {hidden: [4], activation: tanh}
          training: {optimizer: adam, batch_size: 32, epochs: 5, seed: 1, save: none, early_stopping: {patience: 1}}
        cells:
          - experiment:
              name: search
              method: \(method)
        \(budget.map { "      budget: \($0)" } ?? "")
        \(count.map { "      count: \($0)" } ?? "")
        \(method == "bayes" ? "      round_size: 4" : "")
              parameters:
                training.learning_rate: {distribution: log_uniform_values, min: 0.03, max: 3.0}
        """
    }

    static func run(_ arguments: [String], in space: Workspace) throws -> (status: Int32, stderr: String) {
        try GradbookProcess.run(["run"] + arguments + ["--no-progress"], in: space.folder)
    }

    static func trainedEpochs(_ records: [RunRecord]) -> Int { records.map(\.epochs.count).reduce(0, +) }

    @Test(arguments: ["random", "bayes"])
    func anEpochBudgetGivesTheSameRunsOnAnyJobsAndResume(method: String) throws {
        let space = try Workspace()
        defer { space.remove() }
        let path = try space.write(Self.notebook(method: method, budget: "{epochs: 30}"))
        let one = try Self.run([path, "--out", "one", "--jobs", "1"], in: space)
        #expect(one.status == 0, "\(one.stderr)")
        let two = try Self.run([path, "--out", "two", "--jobs", "2"], in: space)
        #expect(two.status == 0, "\(two.stderr)")
        let serial = try space.records("one"), parallel = try space.records("two")
        #expect(!serial.isEmpty)
        #expect(TrainedOutcome.byVariant(serial) == TrainedOutcome.byVariant(parallel))
        let epochs = Self.trainedEpochs(serial)
        #expect(epochs <= 30)
        #expect(epochs + 5 > 30, "the budget ended the search only when the next run's 5 epochs did not fit")
        #expect(serial.contains { $0.epochs.count < 5 }, "some run stopped early (the test needs unequal runs)")
        let sentence = "the epoch budget (30 epochs) ended the search after \(serial.count) runs (\(epochs) epochs trained)"
        #expect(one.stderr.contains(sentence), "\(one.stderr)")
        let report = try String(contentsOfFile: "\(space.folder)/one/tiny/report.md", encoding: .utf8)
        #expect(report.contains("**Budget:** The epoch budget (30 epochs) ended the search after \(serial.count) runs"))
        #expect(report.contains("#### Search progress"))
        #expect(!report.contains("missing"), "runs the budget did not start are not missing")

        // Resume: the two last-finished runs lost (as after a kill), the same runs come back.
        let lost = parallel.sorted { $0.finishedAt < $1.finishedAt }.suffix(2)
        for record in lost { try space.store("two").remove(experiment: record.experiment, variant: record.variant) }
        let resumed = try Self.run([path, "--out", "two", "--jobs", "2"], in: space)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(TrainedOutcome.byVariant(try space.records("two")) == TrainedOutcome.byVariant(serial))

        // The runs are the first of the proposal sequence: the same search with that many runs
        // as its count and no budget has nothing to train (random: its first draws; bayes: the
        // same rounds, since the records decide them).
        if method == "random" {
            let counted = try space.write(Self.notebook(method: method, budget: nil, count: serial.count))
            let again = try Self.run([counted, "--out", "one", "--jobs", "2"], in: space)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stderr.contains("all \(serial.count) runs already finished"), "\(again.stderr)")
        }
    }

    @Test func twoShardsSplitAnOpenEndedSearchUnderAnEpochBudgetAsOneProcessWould() throws {
        let space = try Workspace()
        defer { space.remove() }
        let path = try space.write(Self.notebook(method: "random", budget: "{epochs: 24}"))
        let whole = try Self.run([path, "--out", "whole", "--jobs", "1"], in: space)
        #expect(whole.status == 0, "\(whole.stderr)")
        // Both shards at once on one folder: each waits for the other's records where it must.
        let first = try GradbookProcess(["run", path, "--out", "shared", "--jobs", "1", "--shard", "1/2", "--no-progress"], in: space.folder)
        let second = try GradbookProcess(["run", path, "--out", "shared", "--jobs", "1", "--shard", "2/2", "--no-progress"], in: space.folder)
        #expect(first.wait() == 0, "\(first.stderr)")
        #expect(second.wait() == 0, "\(second.stderr)")
        let expected = try space.records("whole"), sharded = try space.records("shared")
        #expect(!expected.isEmpty)
        #expect(TrainedOutcome.byVariant(sharded) == TrainedOutcome.byVariant(expected))
    }

    @Test func shardsNeedACountOrAnEpochBudget() throws {
        let space = try Workspace()
        defer { space.remove() }
        let path = try space.write(Self.notebook(method: "random", budget: nil))
        let sharded = try Self.run([path, "--out", "s", "--shard", "1/2", "--budget", "1h"], in: space)
        #expect(sharded.status == 2)
        #expect(sharded.stderr.contains("tiny.yaml:9:15: error: experiment 'search' uses 'method: random' without 'count'"), "\(sharded.stderr)")
        #expect(sharded.stderr.contains("or an epoch budget"), "\(sharded.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(space.folder)/s"), "nothing is created")
    }

    @Test func aTimeBudgetThePriorRulesOutEndsTheSearchBeforeItsFirstRun() throws {
        let space = try Workspace()
        defer { space.remove() }
        // The prior predicts about half an hour for this run (4e-9 s per parameter, sample and epoch).
        let path = try space.write("""
            title: Too big for a minute
            defaults:
              dataset: {name: digits}
              model: {hidden: [512, 512]}
              training: {epochs: 1000, save: none}
            cells:
              - experiment:
                  name: big
                  parameters:
                    training.learning_rate: {values: [0.01, 0.1]}
            """)
        let result = try Self.run([path, "--out", "out", "--budget", "1m"], in: space)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("big: the time budget (1m) ended the search after 0 runs"), "\(result.stderr)")
        #expect(try space.records("out").isEmpty)
        let stops = space.store("out").loadSearchStops()
        #expect(stops == [SearchStop(experiment: "big", reason: .time, runs: 0, budget: "1m")])
        let report = try String(contentsOfFile: "\(space.folder)/out/tiny/report.md", encoding: .utf8)
        #expect(report.contains("**Budget:** The time budget (1m) ended the search after 0 runs"), "\(report)")
    }

    @Test func badBudgetOptionsAreUsageErrors() throws {
        let space = try Workspace()
        defer { space.remove() }
        let path = try space.write()
        for arguments in [["--budget", "soon"], ["--until", "25:00"], ["--budget", "1h", "--until", "07:00"]] {
            let result = try Self.run([path, "--out", "out"] + arguments, in: space)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: "\(space.folder)/out"), "\(arguments): nothing is created")
        }
    }
}
