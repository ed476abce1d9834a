import Foundation
import Records
import Testing

/// Continuing a study on the built binary: raising `count` reuses every finished run (random and
/// bayes), a search without `count` runs until Ctrl-C and its runs are the prefix of any counted
/// one, and loading warnings print without changing the exit status.
@Suite(.serialized)
struct OpenEndedSearchTests {
    static func notebook(method: String, count: Int?) -> String {
        """
        title: Tiny open-ended search
        defaults:
          dataset: {name: moons, n: 120, validation: 0.25, seed: 0}
          model: {hidden: [4], activation: tanh}
          training: {optimizer: adam, batch_size: 32, epochs: 1, seed: 1, save: none}
        cells:
          - experiment:
              name: search
              method: \(method)
        \(count.map { "      count: \($0)" } ?? "")
              parameters:
                training.learning_rate: {distribution: log_uniform_values, min: 1.0e-3, max: 0.3}
                model.dropout: {distribution: beta, a: 2, b: 5}
        """
    }

    /// Finish time by variant id: a retrained run would have a new one.
    static func finishedAt(_ records: [RunRecord]) -> [String: String] {
        Dictionary(records.map { ($0.variant, $0.finishedAt) }, uniquingKeysWith: { a, _ in a })
    }

    @Test(arguments: ["random", "bayes"])
    func raisingCountFrom40To80RetrainsNoneOfTheFirst40(method: String) throws {
        let space = try Workspace()
        defer { space.remove() }
        let forty = try space.write(Self.notebook(method: method, count: 40), name: "tiny.yaml")
        let first = try GradbookProcess.run(["run", forty, "--out", "out", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(first.status == 0, "\(first.stderr)")
        let before = try space.records("out")
        #expect(before.count == 40)
        let eighty = try space.write(Self.notebook(method: method, count: 80), name: "tiny.yaml")
        let more = try GradbookProcess.run(["run", eighty, "--out", "out", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(more.status == 0, "\(more.stderr)")
        let after = try space.records("out")
        #expect(after.count == 80)
        let finished = Self.finishedAt(after)
        for record in before { #expect(finished[record.variant] == record.finishedAt, "\(record.label) was retrained") }
    }

    @Test(arguments: ["random", "bayes"])
    func withoutCountTheSearchRunsUntilCtrlCAndIsAPrefixOfACountedOne(method: String) throws {
        let space = try Workspace()
        defer { space.remove() }
        let endless = try space.write(Self.notebook(method: method, count: nil), name: "tiny.yaml")
        let running = try GradbookProcess(["run", endless, "--out", "out", "--jobs", "2", "--no-progress"], in: space.folder)
        space.waitUntil { space.recordFiles("out", experiment: "search").count >= 20 }
        running.signal(SIGINT)
        #expect(running.wait() == 130, "\(running.stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(space.folder)/out/tiny/report.md"), "the report is written")
        let stopped = try space.records("out")
        #expect(stopped.count >= 20)
        #expect(stopped.allSatisfy { $0.status == .ok }, "\(stopped.map { "\($0.label): \($0.status) \($0.reason ?? "")" })")

        // The same search with a count of what ran: nothing to retrain.
        let counted = try space.write(Self.notebook(method: method, count: stopped.count), name: "tiny.yaml")
        let again = try GradbookProcess.run(["run", counted, "--out", "out", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(again.status == 0, "\(again.stderr)")
        let after = try space.records("out")
        let finished = Self.finishedAt(after)
        for record in stopped { #expect(finished[record.variant] == record.finishedAt, "\(record.label) was retrained") }
        // Runs cut short or not started in the interrupted round left no record (a round's runs
        // start biggest first, not in draw order): only that round's are trained now.
        #expect(after.count <= stopped.count + 8, "\(again.stderr)")

        // Sharding needs a count: exit 2 at the method.
        _ = try space.write(Self.notebook(method: method, count: nil), name: "tiny.yaml")
        let sharded = try GradbookProcess.run(["run", endless, "--out", "s", "--shard", "1/2", "--no-progress"], in: space.folder)
        #expect(sharded.status == 2)
        #expect(sharded.stderr.contains("tiny.yaml:9:15: error: experiment 'search' uses 'method: \(method)'"), "\(sharded.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(space.folder)/s"))
    }

    @Test func warningsAndNotesPrintWithoutChangingTheExitStatus() throws {
        let space = try Workspace()
        defer { space.remove() }
        let file = try space.write("""
            program: train.py
            dataset: {name: moons, n: 120}
            training: {epochs: 1}
            method: random
            count: 5
            parameters:
              batch_size: {values: [16, 32, 16]}
              learning_rate: {distribution: log_uniform, min: -7, max: -2}
            """, name: "wandb.yaml")
        let validate = try GradbookProcess.run(["validate", file], in: space.folder)
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stderr.contains("wandb.yaml:1:1: note: 'program'"), "\(validate.stderr)")
        #expect(validate.stderr.contains("wandb.yaml:7:33: warning: value 16 of parameter 'training.batch_size' is repeated"), "\(validate.stderr)")
        #expect(validate.stderr.contains("wandb.yaml:8:33: note: 'log_uniform' takes 'min' and 'max' as exponents of e"), "\(validate.stderr)")
        let plan = try GradbookProcess.run(["plan", file], in: space.folder)
        #expect(plan.status == 0)
        #expect(plan.stderr.contains("warning: value 16"))
        let run = try GradbookProcess.run(["run", file, "--out", "out", "--jobs", "1", "--no-progress"], in: space.folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("warning: value 16"))
        #expect(try space.records("out", stem: "wandb").count == 5)
    }
}
