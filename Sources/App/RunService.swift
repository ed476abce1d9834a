import Core
import Foundation
import Notebook
import Records
import Report
import Runner

/// `gradbook run`: validate every notebook first, then per notebook plan against the stored
/// records, sweep on worker processes, settle the best weights and write the report; for a folder,
/// the index last. Prints nothing: the live progress is the runner's display, the rest comes back.
public struct RunService {
    public struct Request: Sendable {
        /// A notebook file or a folder of notebooks.
        public var path: String
        /// Output root; each notebook writes `<out>/<stem>/`.
        public var out: String
        public var options: RunOptions
        /// The command line that reproduces the run, as the report states it.
        public var command: String
        /// `--tensorboard`: every notebook also writes its TensorBoard event files.
        public var tensorboard: Bool

        public init(path: String, out: String, options: RunOptions, command: String, tensorboard: Bool = false) {
            self.path = path
            self.out = out
            self.options = options
            self.command = command
            self.tensorboard = tensorboard
        }
    }

    public struct Outcome: Sendable {
        public var notebooks: [NotebookOutcome]
        /// The index, when a folder ran to the end.
        public var index: IndexOutcome?
        public var interrupted: Bool

        public var disposition: ExitDisposition {
            if interrupted { return .interrupted }
            let worst = notebooks.map(\.disposition).max() ?? .success
            return index?.error != nil ? max(worst, .failure) : worst
        }
    }

    public let request: Request
    public let display: ProgressDisplay

    public init(request: Request, display: ProgressDisplay) {
        self.request = request
        self.display = display
    }

    /// Every notebook loaded, validated and preflighted (data opened, memory per worker checked
    /// against `--jobs`) before anything is created: invalid input throws; warnings come back.
    public func load() throws(InvalidInput) -> (notebooks: [NotebookDocument], warnings: [String]) {
        var loaded = try NotebookInput.loadAll(path: request.path, budget: .run(jobs: request.options.jobs))
        try RoundLoop.refuseShards(loaded.notebooks, shard: request.options.shard?.description, force: request.options.force)
        if let shard = request.options.shard {
            loaded.notebooks = try BudgetStops.shardable(loaded.notebooks)
            if request.options.budgetSeconds != nil || loaded.notebooks.contains(where: { $0.budget?.seconds != nil }) {
                loaded.warnings.append("note: the time budget is ignored under --shard \(shard) (each task would end at a different run); epoch budgets apply")
            }
        }
        if request.tensorboard {
            for index in loaded.notebooks.indices { loaded.notebooks[index].tensorboard = true }
        }
        return loaded
    }

    /// Runs `notebooks` (from `load`) in order; `finished` receives each notebook's outcome as it
    /// ends (a folder's sweep can take hours, its notebooks report one by one).
    public func run(_ notebooks: [NotebookDocument], finished: (NotebookOutcome) -> Void = { _ in }) throws -> Outcome {
        SignalTrap.install()
        var outcome = Outcome(notebooks: [], index: nil, interrupted: false)
        for notebook in notebooks where !outcome.interrupted {
            let result = try sweep(notebook)
            outcome.notebooks.append(result)
            outcome.interrupted = result.interrupted
            finished(result)
        }
        // A signal that arrived while a report was being written still counts as an interruption.
        outcome.interrupted = outcome.interrupted || SignalTrap.shared.stopRequested
        if NotebookInput.isFolder(request.path) && !outcome.interrupted {
            outcome.index = IndexOutcome.refresh(directory: request.out)
        }
        return outcome
    }

    /// One notebook: plan -> sweep -> best weights -> report.
    func sweep(_ notebook: NotebookDocument) throws -> NotebookOutcome {
        let options = request.options
        let clock = ContinuousClock()
        let started = ContinuousClock.now
        let directory = "\(request.out)/\(notebook.stem)"
        let store = RunRecordStore(directory: directory)
        // Light: planning, resuming and adaptive rounds need final metrics, not curves.
        let existing = try store.scan { _, _ in false }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // One pass for grid and random; round after round for an adaptive search.
        let command = request.command
        let live = options.reportEverySeconds > 0 && options.shard == nil
            ? LiveReport(document: notebook, directory: directory, every: options.reportEverySeconds, display: display) {
                ReportContext(command: command, jobs: options.jobs, cores: RunOptions.defaultJobs,
                              wallSeconds: LiveReport.seconds(ContinuousClock.now - started), date: RunRecord.timestamp(Date()))
            } : nil
        var loop = try RoundLoop(options: options, store: store, display: display, live: live).run(notebook, existing: existing.records)
        // The final report comes last: a live render still drawing would overwrite it.
        live?.finish()
        // The report reads the records from disk; an adaptive search's copies (every ended run's
        // light record) are let go first, and what the loop freed is given back to the system.
        let runFailed = loop.result.ended.unfinished > 0
        if loop.result.writeFailure == nil { loop.result.records = [] }
        FreedMemory.giveBack()
        let result = loop.result, planned = loop.document
        let interrupted = result.interrupted
        if let failure = result.writeFailure {
            // The disk takes nothing more: no report (it would fail half-way), just what was kept.
            let saved = result.ended.count - result.unsaved
            var outcome = NotebookOutcome(
                stem: notebook.stem, path: notebook.path, directory: directory, planned: notebook.variants.count,
                scheduled: loop.scheduled, kept: loop.kept, shard: options.shard?.description,
                records: [], leftOut: 0, missing: [], bestWeights: [:], problems: existing.problems + result.problems,
                reportError: nil, interrupted: interrupted, runFailed: true)
            outcome.writeFailure = "\(failure); stopped starting runs: \(saved) run\(saved == 1 ? "" : "s") of this sweep kept on disk"
                + (result.unsaved > 0 ? ", \(result.unsaved) finished but could not be saved" : "")
                + "; free space and run the same command again to resume"
            return outcome
        }
        // This run's clock decides its time stops; the report reads them back (as `gradbook report` does).
        var stopProblems: [String] = []
        do {
            try store.saveSearchStops(loop.stops.filter { $0.reason == .time })
        } catch {
            stopProblems.append("cannot write \(store.searchStopsPath): \(error)")
        }
        let report = try ReportStage.write(notebook: planned, directory: directory, tasks: options.shard?.count) { _, missing in
            ReportContext(command: request.command, jobs: options.jobs, cores: RunOptions.defaultJobs,
                          wallSeconds: seconds(clock.now - started), date: RunRecord.timestamp(Date()),
                          incomplete: interrupted || !missing.isEmpty)
        }
        var outcome = NotebookOutcome(
            stem: notebook.stem, path: notebook.path, directory: directory, planned: planned.variants.count,
            scheduled: loop.scheduled, kept: loop.kept, shard: options.shard?.description,
            records: report.records, leftOut: report.leftOut, missing: report.missing, bestWeights: report.bestWeights,
            problems: existing.problems + result.problems + stopProblems + report.problems.filter { !existing.problems.contains($0) },
            reportError: report.writeError, interrupted: interrupted,
            runFailed: runFailed)
        outcome.budgetStops = notebook.experiments.compactMap { report.stops[$0.name] }
        outcome.planned = BudgetStops.trimming(planned, to: report.stops, records: report.records).variants.count
        return outcome
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
