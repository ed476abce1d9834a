import Core
import Foundation
import Notebook
import Records
import Runner

/// `gradbook slurm`: the notebook as a Slurm job array plus a report job that waits for it.
/// Validation comes first: a broken notebook or option is `InvalidInput` before anything is written.
public enum SlurmService {
    public struct Request: Sendable {
        public var notebook: String
        public var out: String
        /// Array tasks asked for (default: `SlurmResources.defaultTasks`, at most one per run).
        public var tasks: Int?
        /// Per-task resources; `tasks` is set from the request and the plan.
        public var resources: SlurmResources

        public init(notebook: String, out: String, tasks: Int?, resources: SlurmResources) {
            self.notebook = notebook
            self.out = out
            self.tasks = tasks
            self.resources = resources
        }
    }

    /// The scripts as written, with what to tell the user about them.
    public struct Preparation: Sendable {
        public var scripts: SlurmScripts
        public var variants: [Variant]
        /// The notebook as the tasks run it (adaptive rounds grow from its records).
        public var document: NotebookDocument?
        /// Runs per array task, task 1 first.
        public var runsPerTask: [Int]
        public var notes: [String]
    }

    /// Checks `resources` without the notebook (so a typo fails before the notebook is even read).
    public static func validate(_ resources: SlurmResources) throws(InvalidInput) {
        do {
            try resources.validate()
        } catch {
            throw InvalidInput("\(error)")
        }
    }

    /// Loads the notebook, fits the task count to the plan, and writes both scripts.
    public static func prepare(_ request: Request) throws -> Preparation {
        try validate(request.resources)
        // Memory is checked against one array task's --mem (each task runs its shard with
        // --jobs = cpus-per-task, which share that memory).
        let memory = (request.resources.memoryBytes ?? .infinity) / Double(max(1, request.resources.cpusPerTask))
        let (loaded, warnings) = try NotebookInput.load(file: request.notebook, budget: .slurm(
            memory: memory, text: request.resources.memory + (request.resources.cpusPerTask > 1 ? " / \(request.resources.cpusPerTask) jobs" : "")))
        try RoundLoop.refuseShards([loaded], shard: "array tasks")
        let document = try BudgetStops.shardable([loaded])[0]
        let variants = document.variants
        guard !variants.isEmpty else { throw InvalidInput("\(request.notebook): error: the notebook has no runs to submit") }
        var notes: [String] = warnings
        var tasks = request.tasks ?? min(SlurmResources.defaultTasks, variants.count)
        if tasks > variants.count {
            notes.append("note: \(tasks) tasks asked for, but the plan has \(variants.count) runs; using \(variants.count) tasks")
            tasks = variants.count
        }
        var resources = request.resources
        resources.tasks = tasks
        let layout = SlurmSweepLayout(executable: RunOptions.currentExecutable, notebook: request.notebook,
                                      outputRoot: request.out, stem: document.stem)
        let scripts = SlurmScripts(layout: layout, resources: resources)
        try scripts.write()
        let runsPerTask = ShardPlanner.partition(variants, count: tasks).map(\.count)
        for experiment in document.experiments where experiment.isSharedAcrossTasks {
            notes.append("note: experiment '\(experiment.name)' decides runs from earlier results (\(experiment.growsWithRecords ? "rounds" : experiment.hyperband != nil ? "hyperband bands" : "an epoch budget")): every array task takes its runs one by one through the run claims on the shared output folder")
        }
        var preparation = Preparation(scripts: scripts, variants: variants, runsPerTask: runsPerTask, notes: notes)
        preparation.document = document
        return preparation
    }

    /// Jobs of this sweep's name still queued or running (a resubmission may train their runs twice).
    public static func inFlight(_ preparation: Preparation, client: SlurmClient = SlurmClient()) -> [String] {
        client.queuedJobs(named: preparation.scripts.layout.jobName)
    }

    /// Submits the array; returns its job id.
    public static func submitArray(_ preparation: Preparation, client: SlurmClient = SlurmClient()) throws -> String {
        try client.submit(script: preparation.scripts.layout.sweepScript)
    }

    /// Submits the report job after the array (whatever its outcome); returns its job id.
    public static func submitReport(_ preparation: Preparation, after arrayID: String,
                                    client: SlurmClient = SlurmClient()) throws -> String {
        try client.submit(script: preparation.scripts.layout.reportScript, afterAny: arrayID)
    }

    /// How a waited-for sweep ended: the records on disk against the plan, and the report job.
    public struct Completion: Sendable {
        public var reportID: String
        public var reportStatus: Int32
        public var sweep: SlurmSweepOutcome

        /// Success only when every planned run finished and the report job succeeded.
        public var disposition: ExitDisposition { sweep.isComplete && reportStatus == 0 ? .success : .failure }
    }

    /// Submits the report job after the array and waits for it; `submitted` gets its id first.
    public static func submitReportAndWait(_ preparation: Preparation, after arrayID: String,
                                           client: SlurmClient = SlurmClient(),
                                           submitted: (String) -> Void) throws -> Completion {
        let layout = preparation.scripts.layout
        let (reportID, status) = try client.submitAndWait(script: layout.reportScript, afterAny: arrayID, submitted: submitted)
        // The exit status reflects the sweep, not just the report job: every planned run must
        // have a finished record, which the records on disk say without Slurm's accounting.
        let records = (try? RunRecordStore(directory: layout.notebookOutput).scan { _, _ in false }.records) ?? []
        let sweep = SlurmSweepOutcome(variants: plannedVariants(preparation, records: records), tasks: preparation.scripts.resources.tasks,
                                      records: records, shared: preparation.document?.experimentsSharedAcrossTasks ?? [])
        return Completion(reportID: reportID, reportStatus: status, sweep: sweep)
    }

    /// The runs the sweep owes: for adaptive searches every round its records determine, without
    /// the proposals an epoch budget did not let start.
    static func plannedVariants(_ preparation: Preparation, records: [RunRecord]) -> [Variant] {
        guard let document = preparation.document, document.hasAdaptiveSearch || document.experiments.contains(where: { $0.budget?.epochs != nil }),
              let replayed = try? RoundLoop.replay(document, records: records) else { return preparation.variants }
        let stops = BudgetStops.resolve(replayed, records: records, timeStops: [])
        return BudgetStops.trimming(replayed, to: stops, records: records).variants
    }
}
