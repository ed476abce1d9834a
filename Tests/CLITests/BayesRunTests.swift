import Foundation
import Notebook
import Records
import Testing

/// End-to-end `method: bayes` on the built binary, over a space with a conditional parameter
/// (momentum only under `optimizer: momentum`): the rounds, hence results.csv, must not depend
/// on --jobs, on a SIGKILL and resume, or on having stopped at a smaller count.
@Suite(.serialized)
struct BayesRunTests {
    static func notebook(count: Int) -> String {
        """
        title: Tiny bayes search
        defaults:
          dataset: {name: moons, n: 200, validation: 0.25, seed: 0}
          model: {hidden: [8], activation: tanh}
          training: {optimizer: adam, batch_size: 32, epochs: 3, seed: 1, save: none}
        cells:
          - experiment:
              name: tpe
              method: bayes
              count: \(count)
              round_size: 4
              parameters:
                training.learning_rate: {distribution: log_uniform_values, min: 1.0e-3, max: 0.3}
                model.activation: {values: [tanh, relu]}
                training.optimizer:
                  values:
                    - adam
                    - value: momentum
                      parameters:
                        training.momentum: {distribution: uniform, min: 0.5, max: 0.95}
        """
    }

    /// results.csv without its timing column (`seconds`), one line per run.
    static func results(_ space: Workspace, _ out: String) throws -> [String] {
        let text = try String(contentsOfFile: "\(space.folder)/\(out)/tiny/results.csv", encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
        let timing = header.firstIndex(of: "seconds")!
        return lines.map { line in
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields.remove(at: timing)
            return fields.joined(separator: ",")
        }
    }

    @Test func sameResultsOnAnyJobsAfterAKillAndWhenCountGrows() throws {
        let space = try Workspace()
        defer { space.remove() }
        let small = try space.write(Self.notebook(count: 12), name: "tiny.yaml")
        let one = try GradbookProcess.run(["run", small, "--out", "one", "--jobs", "1", "--no-progress"], in: space.folder)
        #expect(one.status == 0, "\(one.stderr)")
        let two = try GradbookProcess.run(["run", small, "--out", "two", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(two.status == 0, "\(two.stderr)")
        let reference = try Self.results(space, "one")
        #expect(reference.count == 13, "a header and 12 runs")
        #expect(try Self.results(space, "two") == reference)

        // SIGKILL in the middle of round 2 (records 5..8), then resume. Each doomed run sleeps 40 ms
        // at its 15 batch boundaries, so the six runs after the sixth record take seconds: the kill
        // lands before the sweep ends even when polling is slow on a loaded machine.
        let paced = ["GRADBOOK_TEST_STEP_DELAY_MS": "40"].merging(space.markerEnvironment) { $1 }
        let doomed = try GradbookProcess(["run", small, "--out", "killed", "--jobs", "1", "--no-progress"], in: space.folder,
                                         environment: paced)
        space.waitUntil { space.recordFiles("killed", experiment: "tpe").count >= 6 }
        doomed.signal(SIGKILL)
        #expect(doomed.wait() == 128 + SIGKILL)
        space.waitUntil { space.markedProcesses().isEmpty }
        let survived = space.recordFiles("killed", experiment: "tpe").count
        #expect(survived >= 6 && survived < 12)
        let resumed = try GradbookProcess.run(["run", small, "--out", "killed", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try Self.results(space, "killed") == reference)

        // Raising count from 12 to 24 retrains none of the first 12 runs.
        let before = try space.records("one")
        let large = try space.write(Self.notebook(count: 24), name: "tiny.yaml")
        let more = try GradbookProcess.run(["run", large, "--out", "one", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(more.status == 0, "\(more.stderr)")
        let after = try space.records("one")
        #expect(after.count == 24)
        let finished = Dictionary(after.map { ($0.variant, $0.finishedAt) }, uniquingKeysWith: { a, _ in a })
        for record in before { #expect(finished[record.variant] == record.finishedAt, "\(record.label) was retrained") }

        // One shard alone (its other task never starts) runs the whole search: the same 24 runs.
        let sharded = try GradbookProcess.run(["run", large, "--out", "s", "--shard", "1/2", "--no-progress"], in: space.folder)
        #expect(sharded.status == 0, "\(sharded.stderr)")
        #expect(try Self.results(space, "s") == Self.results(space, "one"))
    }
}
