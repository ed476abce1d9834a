import Foundation
import Records
import Testing

/// End-to-end `early_terminate: {type: hyperband}` on the built binary, for a grid with repeats
/// and for bayes: cuts give `terminated` records and exit 0, a promoted run's curves are
/// bit-identical to the same run trained straight through, and results.csv does not depend on
/// --jobs or on a SIGKILL and resume (which retrains no finished or terminated run).
@Suite(.serialized)
struct HyperbandRunTests {
    static func notebook(hyperband: Bool = true) -> String {
        let grid = hyperband ? "      early_terminate: {type: hyperband, min_iter: 1, eta: 3, cohort: 6}\n" : ""
        let bayes = hyperband ? "      early_terminate: {type: hyperband, min_iter: 1, eta: 2, strict: false}\n" : ""
        return """
        title: Tiny hyperband
        defaults:
          dataset: {name: moons, n: 200, validation: 0.25, seed: 0}
          model: {hidden: [8], activation: tanh}
          training: {optimizer: adam, batch_size: 32, epochs: 9, seed: 1, save: none}
          metric: val_loss
        cells:
          - experiment:
              name: grid
              repeats: 2
        \(grid)      parameters:
                training.learning_rate: {values: [0.001, 0.003, 0.01, 0.03, 0.1, 0.3]}
                model.activation: {values: [tanh, relu]}
          - experiment:
              name: tpe
              method: bayes
              count: 8
              round_size: 4
              metric: {name: val_accuracy, goal: maximize}
              training: {epochs: 4}
        \(bayes)      parameters:
                training.learning_rate: {distribution: log_uniform_values, min: 1.0e-3, max: 0.3}
        """
    }

    static func trainedLines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map { String($0.split(separator: " ")[0]) }
    }

    @Test func badInputExitsTwoAndCreatesNothing() throws {
        let space = try Workspace()
        defer { space.remove() }
        let bad = Self.notebook()
            .replacingOccurrences(of: "min_iter: 1, eta: 3, cohort: 6", with: "min_iter: 9, eta: 1.5, cohrt: 6")
        let path = try space.write(bad)
        let run = try GradbookProcess.run(["run", path, "--out", "out", "--no-progress"], in: space.folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains("tiny.yaml:11:52: error: 'early_terminate.min_iter' 9 is not below training.epochs (9)"), "\(run.stderr)")
        #expect(run.stderr.contains("tiny.yaml:11:60: error: 'early_terminate.eta' must be >= 2, got 1.5"), "\(run.stderr)")
        #expect(run.stderr.contains("unknown key 'cohrt' in 'early_terminate'; did you mean 'cohort'?"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(space.folder)/out"))
        // Shards share the bands through the output folder, so --force (which cannot tell another
        // task's fresh records from old ones) is refused for them.
        let sharded = try GradbookProcess.run(["run", try space.write(Self.notebook()), "--out", "out", "--shard", "1/2", "--force", "--no-progress"],
                                              in: space.folder)
        #expect(sharded.status == 2)
        #expect(sharded.stderr.contains("tiny.yaml:9:7: error: experiment 'grid' decides its runs from earlier results"), "\(sharded.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(space.folder)/out"))
    }

    @Test func deterministicCutsPromotedCurvesAndResume() throws {
        let space = try Workspace()
        defer { space.remove() }
        let path = try space.write(Self.notebook())
        let one = try GradbookProcess.run(["run", path, "--out", "one", "--jobs", "1", "--no-progress"], in: space.folder)
        #expect(one.status == 0, "terminated runs leave the exit status 0: \(one.stderr)")
        let records = try space.records("one")
        #expect(records.count == 24 + 8)
        let grid = records.filter { $0.experiment == "grid" }
        // 12 configurations in cohorts of 6; bands 1 and 3 (of 9 epochs) keep 2, then 1 of each.
        #expect(grid.filter { $0.status == .ok }.count == 2 * 2 * 1)
        #expect(grid.filter { $0.status == .terminated }.count == 20)
        for record in grid where record.status == .terminated {
            let cut = try #require(record.outcome.termination)
            #expect(record.epochs.count == cut.band && [1, 3].contains(cut.band))
            #expect(cut.value >= cut.cutoff, "a cut run is no better than the cut-off (val_loss is minimised)")
        }
        let tpe = records.filter { $0.experiment == "tpe" }
        #expect(tpe.contains { $0.status == .terminated } && tpe.contains { $0.status == .ok })
        // No hidden band or checkpoint file is left once every run has its record.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: "\(space.folder)/one/tiny/runs/grid").filter { $0.hasPrefix(".") && !$0.hasSuffix(".claim") }
        #expect(leftovers.isEmpty, "\(leftovers)")

        let two = try GradbookProcess.run(["run", path, "--out", "two", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(two.status == 0, "\(two.stderr)")
        let reference = try BayesRunTests.results(space, "one")
        #expect(try BayesRunTests.results(space, "two") == reference)

        // A promoted run (paused at bands 1 and 3, resumed twice) equals the same run straight through.
        let plainPath = try space.write(Self.notebook(hyperband: false), name: "plain.yaml")
        let plain = try GradbookProcess.run(["run", plainPath, "--out", "plain", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(plain.status == 0, "\(plain.stderr)")
        let straight = TrainedOutcome.byVariant(try space.records("plain", stem: "plain").filter { $0.experiment == "grid" })
        let promoted = grid.filter { $0.status == .ok }
        #expect(promoted.count == 4)
        for record in promoted {
            #expect(TrainedOutcome(record) == straight["grid/\(record.variant)"], "\(record.label)")
        }

        // SIGKILL mid-search, then resume: same results, no finished or terminated run trained again.
        let log = "\(space.folder)/trained.log", resumedLog = "\(space.folder)/resumed.log"
        let slow = ["GRADBOOK_TEST_STEP_DELAY_MS": "15", "GRADBOOK_TEST_TRAINED_LOG": log].merging(space.markerEnvironment) { $1 }
        let doomed = try GradbookProcess(["run", path, "--out", "killed", "--jobs", "2", "--no-progress"], in: space.folder, environment: slow)
        let store = space.store("killed")
        space.waitUntil { space.recordFiles("killed", experiment: "grid").count >= 4 }
        doomed.signal(SIGKILL)
        #expect(doomed.wait() == 128 + SIGKILL)
        space.waitUntil { space.markedProcesses().isEmpty }
        let survivors = Set(try space.records("killed").map { "\($0.experiment)/\($0.variant)" })
        #expect(survivors.count >= 4 && survivors.count < 32)
        let waiting = try FileManager.default.contentsOfDirectory(atPath: "\(space.folder)/killed/tiny/runs/grid")
            .filter { $0.hasSuffix(".band") }.map { "grid/" + $0.dropFirst().dropLast(5) }
        let before = Self.trainedLines(log).count
        let resumed = try GradbookProcess.run(["run", path, "--out", "killed", "--jobs", "2", "--no-progress"], in: space.folder,
                                              environment: ["GRADBOOK_TEST_TRAINED_LOG": log, "GRADBOOK_TEST_RESUMED_LOG": resumedLog])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try BayesRunTests.results(space, "killed") == reference)
        let retrained = Set(Self.trainedLines(log).dropFirst(before))
        #expect(retrained.isDisjoint(with: survivors), "\(retrained.intersection(survivors))")
        // Runs that waited at a band and went on continued from their checkpoint.
        let continued = Set(Self.trainedLines(resumedLog))
        for run in waiting where retrained.contains(run) { #expect(continued.contains(run), "\(run)") }
        _ = store
    }
}
