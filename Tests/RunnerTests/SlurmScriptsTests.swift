import Foundation
import Testing
@testable import Runner

/// The generated batch scripts: their #SBATCH lines, and the exact command each array task runs
/// (checked by executing the script with bash against a stand-in executable that records its
/// arguments, so quoting is tested by a real shell, not by string matching).
@Suite struct SlurmScriptsTests {
    let layout = SlurmSweepLayout(executable: "/opt/gradbook/bin/gradbook", notebook: "/home/ada/lr.yaml",
                                  outputRoot: "/scratch/ada/reports", stem: "lr")

    func sbatchLines(_ script: String) -> [String] {
        script.split(separator: "\n").map(String.init).filter { $0.hasPrefix("#SBATCH ") }
    }

    @Test func sweepIsAJobArrayWithOneShardPerTask() {
        let scripts = SlurmScripts(layout: layout, resources: SlurmResources(tasks: 3, cpusPerTask: 4,
                                                                             time: "2:00:00", memory: "8G"))
        let lines = sbatchLines(scripts.sweep)
        #expect(lines == [
            "#SBATCH --job-name=gradbook-lr",
            "#SBATCH --array=1-3",
            "#SBATCH --cpus-per-task=4",
            "#SBATCH --time=2:00:00",
            "#SBATCH --mem=8G",
            "#SBATCH --output=/scratch/ada/reports/lr/slurm/logs/sweep_%A_%a.out",
            "#SBATCH --error=/scratch/ada/reports/lr/slurm/logs/sweep_%A_%a.err",
            "#SBATCH --open-mode=append",
            "#SBATCH --requeue",
            "#SBATCH --signal=B:USR1@180",
        ])
        #expect(scripts.sweep.hasPrefix("#!/bin/bash\n"))
        #expect(scripts.sweep.contains("""
            /opt/gradbook/bin/gradbook run /home/ada/lr.yaml --out /scratch/ada/reports \
            --shard "${SLURM_ARRAY_TASK_ID}/3" --jobs 4 --no-progress &
            """))
        #expect(scripts.sweep.contains("trap 'requeue=1; kill -USR1 \"$gradbook\" 2>/dev/null || true' USR1"))
        #expect(scripts.sweep.contains("scontrol requeue \"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\""))
    }

    @Test func theWarningMarginFitsTheTimeLimit() {
        func margin(_ time: String) -> Int { SlurmResources(tasks: 1, time: time).warningSeconds }
        #expect(margin("2:00:00") == 180)
        #expect(margin("1-00") == 180)
        #expect(margin("infinite") == 180)
        #expect(margin("4") == 60)
        #expect(margin("2") == 30)
        #expect(margin("1:30") == 30)
        #expect(SlurmResources(tasks: 1, time: "1-02:03:04").timeLimitSeconds == 93784)
        #expect(SlurmResources(tasks: 1, time: "10:00").timeLimitSeconds == 600)
    }

    @Test func partitionAndAccountLinesOnlyWhenGiven() {
        var resources = SlurmResources(tasks: 2)
        let without = sbatchLines(SlurmScripts(layout: layout, resources: resources).sweep)
        #expect(!without.contains { $0.contains("--partition") || $0.contains("--account") })
        resources.partition = "gpu,cpu"
        resources.account = "proj-42"
        for script in [SlurmScripts(layout: layout, resources: resources).sweep,
                       SlurmScripts(layout: layout, resources: resources).report] {
            let lines = sbatchLines(script)
            #expect(lines.contains("#SBATCH --partition=gpu,cpu"))
            #expect(lines.contains("#SBATCH --account=proj-42"))
        }
    }

    @Test func reportJobMergesEveryShardOnOneCPU() {
        let scripts = SlurmScripts(layout: layout, resources: SlurmResources(tasks: 5, cpusPerTask: 8))
        let lines = sbatchLines(scripts.report)
        #expect(lines.contains("#SBATCH --job-name=gradbook-lr-report"))
        #expect(lines.contains("#SBATCH --cpus-per-task=1"))
        #expect(lines.contains("#SBATCH --output=/scratch/ada/reports/lr/slurm/logs/report_%j.out"))
        #expect(!lines.contains { $0.contains("--array") })
        #expect(scripts.report.contains(
            "exec /opt/gradbook/bin/gradbook report /home/ada/lr.yaml --out /scratch/ada/reports --shards 5\n"))
    }

    @Test func submitCommandsChainTheReportAfterTheArray() {
        let commands = SlurmScripts(layout: layout, resources: SlurmResources(tasks: 2)).submitCommands
        #expect(commands == [
            "array=$(sbatch --parsable /scratch/ada/reports/lr/slurm/sweep.sbatch)",
            "sbatch --dependency=afterany:$array /scratch/ada/reports/lr/slurm/report.sbatch",
        ])
    }

    @Test func eachTaskRunsItsShardWithAwkwardPaths() throws {
        let folder = try SlurmTestFolder()
        let recorder = try folder.argumentRecorder()
        let awkward = SlurmSweepLayout(executable: recorder.executable, notebook: "\(folder.path)/my 'lr' nb.yaml",
                                       outputRoot: "\(folder.path)/out $HOME 100%", stem: "my 'lr' nb")
        let scripts = SlurmScripts(layout: awkward, resources: SlurmResources(tasks: 3, cpusPerTask: 2))
        try scripts.write()
        for task in 1...3 {
            let status = try runBash(awkward.sweepScript, environment: ["SLURM_ARRAY_TASK_ID": "\(task)"])
            #expect(status == 0)
            #expect(try recorder.arguments() == [
                "run", "\(folder.path)/my 'lr' nb.yaml", "--out", "\(folder.path)/out $HOME 100%",
                "--shard", "\(task)/3", "--jobs", "2", "--no-progress",
            ])
        }
        #expect(try runBash(awkward.reportScript, environment: [:]) == 0)
        #expect(try recorder.arguments() == [
            "report", "\(folder.path)/my 'lr' nb.yaml", "--out", "\(folder.path)/out $HOME 100%", "--shards", "3",
        ])
        // A literal % in the folder is doubled so Slurm does not read it as a pattern.
        #expect(scripts.sweep.contains("out $HOME 100%%/my 'lr' nb/slurm/logs/sweep_%A_%a.out\""))
    }

    @Test func sweepRefusesToRunOutsideAnArray() throws {
        let folder = try SlurmTestFolder()
        let recorder = try folder.argumentRecorder()
        let local = SlurmSweepLayout(executable: recorder.executable, notebook: "\(folder.path)/nb.yaml",
                                     outputRoot: "\(folder.path)/out", stem: "nb")
        try SlurmScripts(layout: local, resources: SlurmResources(tasks: 2)).write()
        #expect(try runBash(local.sweepScript, environment: [:]) != 0)
        #expect(!FileManager.default.fileExists(atPath: recorder.log))
    }

    @Test func writeCreatesScriptsAndLogsFolderAtomically() throws {
        let folder = try SlurmTestFolder()
        let local = SlurmSweepLayout(executable: "/bin/true", notebook: "\(folder.path)/nb.yaml",
                                     outputRoot: "\(folder.path)/out", stem: "nb")
        try SlurmScripts(layout: local, resources: SlurmResources(tasks: 2)).write()
        try SlurmScripts(layout: local, resources: SlurmResources(tasks: 3)).write()
        let names = try FileManager.default.contentsOfDirectory(atPath: local.folder).sorted()
        #expect(names == ["logs", "report.sbatch", "sweep.sbatch"])
        #expect(try String(contentsOfFile: local.sweepScript, encoding: .utf8).contains("--array=1-3"))
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: local.logsFolder, isDirectory: &isDirectory))
        #expect(isDirectory.boolValue)
    }

    @Test func layoutPathsAreAbsolute() {
        let relative = SlurmSweepLayout(executable: "bin/../bin/gradbook", notebook: "./experiments/lr.yaml",
                                        outputRoot: "reports/", stem: "lr")
        let cwd = FileManager.default.currentDirectoryPath
        #expect(relative.notebook == SlurmSweepLayout.absolute("\(cwd)/experiments/lr.yaml"))
        #expect(relative.executable.hasPrefix("/") && !relative.executable.contains(".."))
        #expect(SlurmSweepLayout.absolute("a/./b/../c", relativeTo: "/x/y") == "/x/y/a/c")
        #expect(relative.sweepScript.hasSuffix("/reports/lr/slurm/sweep.sbatch"))
    }

    func runBash(_ script: String, environment: [String: String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script]
        var inherited = ProcessInfo.processInfo.environment
        inherited["SLURM_ARRAY_TASK_ID"] = nil
        process.environment = inherited.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
