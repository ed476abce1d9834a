import App
import ArgumentParser
import Foundation
import Runner
import Search

/// `gradbook slurm`: a sweep as a Slurm job array plus a report job that waits for it.
struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Write (and submit) Slurm job-array scripts for a notebook.",
        discussion: """
            Writes DIR/<notebook>/slurm/sweep.sbatch, a job array in which task k runs \
            `gradbook run --shard k/N`, and report.sbatch, which renders the merged report after \
            the array (afterany). Without --submit it prints the sbatch commands to run. \
            Resubmitting skips every run that already has a record. Exit status: 0 when the scripts \
            were written (and submitted; with --wait, when every run finished and the report was \
            written); 1 when submitting failed or the waited-for sweep is incomplete; 2 for invalid \
            input (notebook or option; nothing is written).
            """)

    @Argument(help: "The notebook to sweep.")
    var notebook: String

    @Option(help: "Output folder; results go to DIR/<notebook stem>.")
    var out: String = "reports"

    @Option(help: "Array tasks, one shard of the plan each (default: \(SlurmResources.defaultTasks), at most one per run).",
            transform: OptionValues.positive)
    var tasks: Int?

    @Option(name: .customLong("cpus-per-task"), help: "CPUs per task, and worker processes per task.",
            transform: OptionValues.positive)
    var cpusPerTask: Int = SlurmResources.defaultCPUsPerTask

    @Option(help: "Time limit per task: a Slurm time (90 minutes, 1:30:00, 2-00:00:00) or a duration (90m, 1h30m).",
            transform: OptionValues.slurmTime)
    var time: String = SlurmResources.defaultTime

    @Option(help: "Memory per task (500M, 2G).")
    var mem: String = SlurmResources.defaultMemory

    @Option(help: "Slurm partition (default: the cluster's).")
    var partition: String?

    @Option(help: "Slurm account to charge (default: yours).")
    var account: String?

    @Flag(help: "Submit both jobs with sbatch and print their ids.")
    var submit = false

    @Flag(help: "Submit, then wait for the report job; exit 0 only if every run finished and the report was written.")
    var wait = false

    private var resources: SlurmResources {
        SlurmResources(tasks: tasks ?? 1, cpusPerTask: cpusPerTask, time: time, memory: mem,
                       partition: partition, account: account)
    }

    /// Resource values are checked before the notebook is read (usage error, exit 2).
    func validate() throws {
        do { try SlurmService.validate(resources) } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        let preparation = try SlurmService.prepare(.init(notebook: notebook, out: out, tasks: tasks, resources: resources))
        StandardError.write(lines: preparation.notes)
        describe(preparation)
        let scripts = preparation.scripts
        guard submit || wait else {
            print("\nSubmit with:")
            for command in scripts.submitCommands { print("  \(command)") }
            print("or run this command again with --submit (or --wait).")
            return
        }
        let inFlight = SlurmService.inFlight(preparation)
        if !inFlight.isEmpty {
            StandardError.write("warning: job(s) \(inFlight.joined(separator: ", ")) named \(scripts.layout.jobName) are "
                                + "still queued or running; runs they have not finished yet may be trained twice")
        }
        let arrayID: String
        do {
            arrayID = try SlurmService.submitArray(preparation)
        } catch let error as SlurmError {
            StandardError.write("error: \(error)")
            StandardError.write("the scripts are written; submit them by hand with:")
            StandardError.write(lines: scripts.submitCommands, prefix: "  ")
            throw ExitCode.failure
        }
        print("\nsubmitted job array \(arrayID) (tasks 1-\(scripts.resources.tasks)); watch it with: squeue -j \(arrayID)")
        guard wait else {
            let reportID = try SlurmService.submitReport(preparation, after: arrayID)
            print("submitted report job \(reportID) (runs after job \(arrayID) ends, whatever its outcome)")
            print("report: \(scripts.layout.notebookOutput)/report.md once job \(reportID) is done")
            return
        }
        let completion = try SlurmService.submitReportAndWait(preparation, after: arrayID) { id in
            print("submitted report job \(id) (runs after job \(arrayID)); waiting for it...")
            fflush(nil)  // all C streams: the id must show before the long wait
        }
        show(completion, layout: scripts.layout)
        try completion.disposition.exit()
    }

    private func describe(_ preparation: SlurmService.Preparation) {
        let (layout, resources) = (preparation.scripts.layout, preparation.scripts.resources)
        print("\(layout.stem): \(preparation.variants.count) runs in \(resources.tasks) array tasks "
              + "(\(resources.cpusPerTask) CPU\(resources.cpusPerTask == 1 ? "" : "s"), \(resources.time), \(resources.memory) each)")
        print("  " + preparation.runsPerTask.enumerated().map { "task \($0.offset + 1): \($0.element) runs" }
            .joined(separator: ", "))
        print("wrote \(layout.sweepScript)")
        print("wrote \(layout.reportScript)")
        print("task logs: \(layout.logsFolder)/")
    }

    private func show(_ completion: SlurmService.Completion, layout: SlurmSweepLayout) {
        let sweep = completion.sweep
        if sweep.isComplete {
            print("sweep complete: \(sweep.finished)/\(sweep.planned) runs finished")
        } else {
            print("sweep incomplete: \(sweep.missing) of \(sweep.planned) runs have no finished record "
                  + "(\(sweep.missingSummary)); logs: \(layout.logsFolder)/")
            print("submit again to run only those: the finished runs are kept")
        }
        if completion.reportStatus == 0 {
            print("report: \(layout.notebookOutput)/report.md")
        } else {
            print("report job \(completion.reportID) ended with status \(completion.reportStatus); "
                  + "see \(layout.logsFolder)/report_\(completion.reportID).err")
        }
    }
}
