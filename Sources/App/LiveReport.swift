import Core
import Foundation
import Notebook
import Records
import Report
import Runner
#if canImport(Glibc)
import Glibc
#endif

/// The report of a sweep that is still running: re-rendered from the records on disk when runs
/// have finished, at most once per `every` seconds, the first time after the first finished run,
/// marked "in progress: 340 of 2000 runs, expected to finish at 02:41". Each render writes every
/// file atomically, so a sweep killed at any moment leaves the last render whole; the final report
/// replaces it.
///
/// Rendering runs on a thread of its own, off the runner's poll loop, so workers get their next run
/// as quickly as without it; it draws on one thread (the workers have the cores) and never settles
/// best weights (it removes files; the sweep and the final report own that), it only reads the
/// pointer. At most one render is in flight; `finish` waits for it before the final report.
final class LiveReport: @unchecked Sendable {
    let directory: String
    let every: Double
    let display: ProgressDisplay
    /// The notebook as the current round plans it (an adaptive search adds variants per round).
    var document: NotebookDocument
    private let context: @Sendable () -> ReportContext
    private let clock = ContinuousClock()
    private var lastStart: ContinuousClock.Instant?
    private var renderedAtDone = 0
    private let lock = NSLock()
    private var inFlight: Thread?
    private let idle = NSCondition()
    private var busy = false
    /// Wall seconds of each finished render (the measure of what it costs).
    private(set) var renderSeconds: [Double] = []
    /// This process's CPU-seconds over each finished render (all its threads: the records are
    /// decoded on every core), what the render took from the workers.
    private(set) var renderCPUSeconds: [Double] = []
    private(set) var problems: [String] = []
    /// What earlier renders decoded: a render reads only the records finished since the last one.
    private let records = RecordScanCache()

    /// The gap between renders is at least this many times the last render's duration.
    static let costFactor = 10.0
    /// Renders take at most this share of the machine's CPU (the last render's CPU-seconds over
    /// the gap, against all cores): a tiny-run sweep is mostly overhead, and a render every few
    /// seconds of a 100,000-run folder would be most of it.
    static let cpuShare = 0.02

    init(document: NotebookDocument, directory: String, every: Double, display: ProgressDisplay,
         context: @escaping @Sendable () -> ReportContext) {
        self.document = document
        self.directory = directory
        self.every = every
        self.display = display
        self.context = context
    }

    /// Called from the runner's loop between events: starts a render if one is due.
    func poll() {
        // Called on every round of the poll loop: `status` (an ETA replay, linear in the runs) only
        // once a render is due.
        guard display.doneCount > renderedAtDone, !isBusy else { return }
        let now = clock.now
        // A render must take neither a tenth of its thread's time nor 2% of the cores from the
        // workers: with a 2,000-run sweep one render costs ~5 CPU-seconds (release, AMD EPYC
        // Zen 1), so on 2 cores renders then come at most every ~125 s. An interval below the
        // default was asked for on purpose: it is kept.
        let (last, lastCPU) = lock.withLock { (renderSeconds.last ?? 0, renderCPUSeconds.last ?? 0) }
        let cores = Double(max(1, ProcessInfo.processInfo.activeProcessorCount))
        let gap = every < RunOptions.defaultReportEvery ? every
            : max(every, Self.costFactor * last, lastCPU / (Self.cpuShare * cores))
        if let lastStart, Self.seconds(now - lastStart) < gap { return }
        lastStart = now
        let status = display.status
        renderedAtDone = status.done
        var context = self.context()
        context.live = ReportContext.LiveStatus(finished: status.done + status.kept, planned: status.total + status.kept,
                                                expectedFinish: status.secondsLeft.map { Self.clockTime(Date().addingTimeInterval($0)) })
        context.chartThreads = 1
        let document = self.document, directory = self.directory, settled = context, cache = records
        setBusy(true)
        let thread = Thread { [self] in
            let started = ContinuousClock.now
            let startedCPU = Self.processCPUSeconds()
            let problem = Self.render(document: document, directory: directory, context: settled, cache: cache)
            // A render builds a whole report and lets it go; the sweep goes on for hours without it.
            FreedMemory.giveBack()
            lock.withLock {
                renderSeconds.append(Self.seconds(ContinuousClock.now - started))
                renderCPUSeconds.append(max(0, Self.processCPUSeconds() - startedCPU))
                if let problem { problems.append(problem) }
            }
            setBusy(false)
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits until no render is in flight (before the final report, which must come last), then
    /// lets go of the earlier renders' readings: the final report reads the records itself, and
    /// holding both was the run's peak memory in a large sweep.
    func finish() {
        idle.lock()
        while busy { idle.wait() }
        idle.unlock()
        records.removeAll()
    }

    var measuredSeconds: [Double] { lock.withLock { renderSeconds } }

    private var isBusy: Bool {
        idle.lock()
        defer { idle.unlock() }
        return busy
    }

    private func setBusy(_ value: Bool) {
        idle.lock()
        busy = value
        idle.broadcast()
        idle.unlock()
    }

    /// One render from the records on disk; the reason when it could not be written.
    /// At most one render is in flight, so `cache` is used by one thread at a time.
    static func render(document: NotebookDocument, directory: String, context: ReportContext,
                       cache: RecordScanCache? = nil) -> String? {
        do {
            let store = RunRecordStore(directory: directory)
            let scan = try ReportRecords.scan(store, notebook: document, cache: cache)
            let planned = PlannedRecords(variants: document.variants, records: scan.records)
            var context = context
            context.missing = []
            context.incomplete = true
            for experiment in document.experiments {
                if let pointer = store.bestWeights(experiment: experiment.name) { context.bestWeights[experiment.name] = pointer }
            }
            try ReportWriter.write(notebook: document, records: planned.keeping(scan.records), directory: directory, context: context)
            return nil
        } catch {
            return "cannot write the in-progress report in \(directory): \(error)"
        }
    }

    /// CPU-seconds of this process so far (its threads, not its workers).
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// `02:41 UTC`, or with the date when it is not today: `2026-12-02 02:41 UTC`.
    static func clockTime(_ date: Date, now: Date = Date(), zone: TimeZone = .current) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        formatter.dateFormat = calendar.isDate(date, inSameDayAs: now) ? "HH:mm zzz" : "yyyy-MM-dd HH:mm zzz"
        return formatter.string(from: date)
    }
}
