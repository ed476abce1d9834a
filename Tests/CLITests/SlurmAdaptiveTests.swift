import Foundation
import Records
import Testing

/// A bayes + hyperband notebook on the real single-node Slurm cluster (`.ci/slurm-cluster.sh`):
/// a 3-task job array sharing the search through run claims on the output folder gives the
/// results.csv (apart from its timing column) of one local process, and so does the same array
/// throttled to one task at a time (`%1`: a task must never wait for runs of a task that has not
/// started). Takes turns on the cluster with the other Slurm suites.
@Suite(.serialized) struct SlurmAdaptiveTests {
    static let notebook = """
        title: Slurm adaptive - a tiny bayes + hyperband search
        defaults:
          dataset: {name: moons, n: 200, validation: 0.25, seed: 0}
          model: {hidden: [8], activation: tanh}
          training: {optimizer: adam, batch_size: 32, epochs: 4, seed: 1, save: none}
          metric: {name: val_accuracy, goal: maximize}
        cells:
          - experiment:
              name: tpe
              method: bayes
              count: 9
              round_size: 3
              early_terminate: {type: hyperband, min_iter: 1, eta: 2, strict: false}
              parameters:
                training.learning_rate: {distribution: log_uniform_values, min: 1.0e-3, max: 0.3}
                model.activation: {values: [tanh, relu]}

        """

    @Test(.enabled(if: SlurmHarness.shouldRun,
                   "Slurm is not installed (apt-get install slurmctld slurmd slurm-client munge); CI=true makes this test mandatory"),
          // Covers waiting for the other Slurm suites' turns on the cluster.
          .timeLimit(.minutes(25)))
    func adaptiveArrayMatchesOneLocalProcess() throws {
        let gradbook = try SlurmHarness.gradbookExecutable()
        let folder = NSTemporaryDirectory() + "gradbook-slurm-adaptive-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let notebook = "\(folder)/tiny.yaml"
        try Self.notebook.write(toFile: notebook, atomically: true, encoding: .utf8)

        let local = try SlurmHarness.run(gradbook, ["run", notebook, "--out", "\(folder)/local", "--jobs", "1", "--no-progress"])
        try #require(local.status == 0, "local run failed:\n\(local.both)")
        let reference = try Self.results(in: "\(folder)/local/tiny")
        try #require(reference.count == 10, "a header and 9 runs: \(reference)")

        let cluster = try SlurmTestCluster.start()
        defer { cluster.stop() }

        // 1. Three array tasks at once, plus the report job.
        // Batches slowed (the environment reaches the tasks) so that the tasks overlap.
        let submitted = try cluster.run("timeout", ["-k", "10", "300", "env", "GRADBOOK_TEST_STEP_DELAY_MS=40", gradbook, "slurm", notebook, "--out", "\(folder)/cluster",
                                                    "--tasks", "3", "--cpus-per-task", "1", "--time", "10", "--mem", "500M", "--wait"])
        try #require(submitted.status == 0, "gradbook slurm --wait failed:\n\(submitted.both)")
        #expect(submitted.output.contains("sweep complete: 9/9 runs finished"), "\(submitted.output)")
        #expect(try Self.results(in: "\(folder)/cluster/tiny") == reference)
        let records = try RunRecordStore(directory: "\(folder)/cluster/tiny").scan().records
        // Every task ran (how many runs each took depends on when Slurm started it: on a loaded
        // machine one task may take them all, which is the throttled case below).
        let logs = "\(folder)/cluster/tiny/slurm/logs"
        let arrayID = try #require(SlurmIntegrationTests.number(after: "submitted job array ", in: submitted.output))
        for task in 1...3 { #expect(FileManager.default.fileExists(atPath: "\(logs)/sweep_\(arrayID)_\(task).out"), "task \(task)") }
        #expect(records.contains { $0.status == .terminated }, "hyperband cut some runs")
        #expect(FileManager.default.fileExists(atPath: "\(folder)/cluster/tiny/rounds/tpe/2.json"))

        // 2. The same array throttled to one task at a time: task 1 does the whole search, the
        //    others find it done. Nobody waits for a task that has not started.
        let scripts = try cluster.run(gradbook, ["slurm", notebook, "--out", "\(folder)/throttled", "--tasks", "3",
                                                 "--cpus-per-task", "1", "--time", "10", "--mem", "500M"])
        try #require(scripts.status == 0, "gradbook slurm (scripts only) failed:\n\(scripts.both)")
        let throttled = try cluster.run("timeout", ["-k", "10", "300", "sbatch", "--array=1-3%1", "--wait",
                                                    "\(folder)/throttled/tiny/slurm/sweep.sbatch"])
        try #require(throttled.status == 0, "the throttled array failed or hung:\n\(throttled.both)")
        let report = try SlurmHarness.run(gradbook, ["report", notebook, "--out", "\(folder)/throttled"])
        try #require(report.status == 0, "\(report.both)")
        #expect(try Self.results(in: "\(folder)/throttled/tiny") == reference)
    }

    /// results.csv without its timing column (`seconds`).
    static func results(in directory: String) throws -> [String] {
        let text = try String(contentsOfFile: "\(directory)/results.csv", encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false),
              let timing = header.firstIndex(of: "seconds") else { return lines }
        return lines.map { line in
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields.remove(at: timing)
            return fields.joined(separator: ",")
        }
    }
}
