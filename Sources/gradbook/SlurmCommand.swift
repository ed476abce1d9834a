import Core
import ArgumentParser
import Foundation
import Notebook
import Records
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
            Resubmitting skips every run that already has a record.
            """)

    @Argument(help: "The notebook to sweep.")
    var notebook: String

    @Option(help: "Output folder; results go to DIR/<notebook stem>.")
    var out: String = "reports"

    @Option(help: "Array tasks, one shard of the plan each (default: \(SlurmResources.defaultTasks), at most one per run).")
    var tasks: Int?

    @Option(name: .customLong("cpus-per-task"), help: "CPUs per task, and worker processes per task.")
    var cpusPerTask: Int = SlurmResources.defaultCPUsPerTask

    @Option(help: "Time limit per task, in a Slurm format (90, 1:30:00, 2-00:00:00).")
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

    func validate() throws {
        do {
            try resources(tasks: tasks ?? 1).validate()
        } catch let error as SlurmError {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let document = try loadNotebook()
        let variants = document.variants
        guard !variants.isEmpty else {
            printError("\(notebook): error: the notebook has no runs to submit")
            throw ExitCode(2)
        }
        var taskCount = tasks ?? min(SlurmResources.defaultTasks, variants.count)
        if taskCount > variants.count {
            printError("note: \(taskCount) tasks asked for, but the plan has \(variants.count) runs; using \(variants.count) tasks")
            taskCount = variants.count
        }
        let layout = SlurmSweepLayout(executable: RunOptions.currentExecutable, notebook: notebook,
                                      outputRoot: out, stem: document.stem)
        let scripts = SlurmScripts(layout: layout, resources: resources(tasks: taskCount))
        try scripts.write()
        describe(scripts, variants: variants)

        guard submit || wait else {
            print("\nSubmit with:")
            for command in scripts.submitCommands { print("  \(command)") }
            print("or run this command again with --submit (or --wait).")
            return
        }
        try submitJobs(scripts, variants: variants)
    }

    private func resources(tasks: Int) -> SlurmResources {
        SlurmResources(tasks: tasks, cpusPerTask: cpusPerTask, time: time, memory: mem,
                       partition: partition, account: account)
    }

    /// Validation comes first: a broken notebook exits 2 before anything is written.
    private func loadNotebook() throws -> NotebookDocument {
        do {
            return try NotebookLoader.load(path: notebook, catalog: .shipped)
        } catch let errors as NotebookErrors {
            printError(errors.description)
            throw ExitCode(2)
        } catch let diagnostic as NotebookDiagnostic {
            printError(diagnostic.description)
            throw ExitCode(2)
        }
    }

    private func describe(_ scripts: SlurmScripts, variants: [Variant]) {
        let resources = scripts.resources
        let shards = ShardPlanner.partition(variants, count: resources.tasks)
        print("\(scripts.layout.stem): \(variants.count) runs in \(resources.tasks) array tasks "
              + "(\(resources.cpusPerTask) CPU\(resources.cpusPerTask == 1 ? "" : "s"), \(resources.time), \(resources.memory) each)")
        print("  " + shards.enumerated().map { "task \($0.offset + 1): \($0.element.count) runs" }
            .joined(separator: ", "))
        print("wrote \(scripts.layout.sweepScript)")
        print("wrote \(scripts.layout.reportScript)")
        print("task logs: \(scripts.layout.logsFolder)/")
    }

    private func submitJobs(_ scripts: SlurmScripts, variants: [Variant]) throws {
        let client = SlurmClient()
        let layout = scripts.layout
        let inFlight = client.queuedJobs(named: layout.jobName)
        if !inFlight.isEmpty {
            printError("warning: job(s) \(inFlight.joined(separator: ", ")) named \(layout.jobName) are still queued or running; "
                       + "runs they have not finished yet may be trained twice")
        }
        let arrayID: String
        do {
            arrayID = try client.submit(script: layout.sweepScript)
        } catch let error as SlurmError {
            printError("error: \(error)")
            printError("the scripts are written; submit them by hand with:")
            for command in scripts.submitCommands { printError("  \(command)") }
            throw ExitCode.failure
        }
        print("\nsubmitted job array \(arrayID) (tasks 1-\(scripts.resources.tasks)); watch it with: squeue -j \(arrayID)")
        guard wait else {
            let reportID = try client.submit(script: layout.reportScript, afterAny: arrayID)
            print("submitted report job \(reportID) (runs after job \(arrayID) ends, whatever its outcome)")
            print("report: \(layout.notebookOutput)/report.md once job \(reportID) is done")
            return
        }
        let (reportID, status) = try client.submitAndWait(script: layout.reportScript, afterAny: arrayID) { id in
            print("submitted report job \(id) (runs after job \(arrayID)); waiting for it...")
            fflush(nil)  // all C streams: the id must show before the long wait
        }
        try reportOutcome(of: scripts, variants: variants, reportID: reportID, reportStatus: status)
    }

    /// The exit status reflects the sweep, not just the report job: every planned run must have a
    /// finished record, which the records on disk say without needing Slurm's accounting.
    private func reportOutcome(of scripts: SlurmScripts, variants: [Variant], reportID: String,
                               reportStatus: Int32) throws {
        let layout = scripts.layout
        let records = (try? RunRecordStore(directory: layout.notebookOutput).scan().records) ?? []
        let outcome = SlurmSweepOutcome(variants: variants, tasks: scripts.resources.tasks, records: records)
        var failed = false
        if outcome.isComplete {
            print("sweep complete: \(outcome.finished)/\(outcome.planned) runs finished")
        } else {
            print("sweep incomplete: \(outcome.missing) of \(outcome.planned) runs have no finished record "
                  + "(\(outcome.missingSummary)); logs: \(layout.logsFolder)/")
            print("submit again to run only those: the finished runs are kept")
            failed = true
        }
        if reportStatus == 0 {
            print("report: \(layout.notebookOutput)/report.md")
        } else {
            print("report job \(reportID) ended with status \(reportStatus); see \(layout.logsFolder)/report_\(reportID).err")
            failed = true
        }
        if failed { throw ExitCode.failure }
    }

    private func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
