import Core
import Foundation
import Notebook
import Records
import Search
#if canImport(Glibc)
import Glibc
#endif

/// Shows a sweep's progress on standard error: a live display on a terminal (overall bar,
/// failures, elapsed, runs/s, ETA, one line per busy worker), else one plain line per finished run.
/// The ETA comes from `SweepEstimate` (the calibrated `RunTimeModel`); `status` hands it to the live report.
public final class ProgressDisplay {
    /// Where the sweep stands, for the live report.
    public struct Status: Sendable {
        /// Runs of this sweep that ended (any status), of `total` scheduled.
        public var done: Int
        public var total: Int
        /// Finished runs the sweep kept from before (not retrained).
        public var kept: Int
        public var failures: Int
        /// Wall seconds to the end of the sweep (nil when nothing is left).
        public var secondsLeft: Double?
        public var runsPerSecond: Double?
    }

    enum Style { case live, plain, quiet }

    struct Busy {
        var label: String
        var epoch: Int = 0
        var totalEpochs: Int
        var loss: Double?
    }

    let style: Style
    private let clock = ContinuousClock()
    private var started: ContinuousClock.Instant
    private var title = ""
    private var total = 0
    private var done = 0
    private var failures = 0
    private var kept = 0
    private var estimate = SweepEstimate(runs: [], workers: 1)
    private var indexOfRun: [RunKey: Int] = [:]
    private var busy: [Int: Busy] = [:]
    private var drawnLines = 0
    private var lastDraw: ContinuousClock.Instant?
    /// The last replay of the scheduler (`SweepEstimate.secondsLeft`, linear in the runs): redone
    /// at most every `etaRefresh`, else the display would be quadratic in a 100,000-run sweep
    /// (every ended run and every poll round asks for it).
    private var lastEstimate: (at: ContinuousClock.Instant, done: Int, secondsLeft: Double?)?
    static let etaRefresh: Duration = .milliseconds(500)

    public init(mode: ProgressMode) {
        switch mode {
        case .quiet: style = .quiet
        case .plain: style = .plain
        case .automatic: style = isatty(STDERR_FILENO) == 1 ? .live : .plain
        }
        started = clock.now
    }

    func sweepStarted(title: String, runs: [ScheduledRun], skipped: Int, workers: Int) {
        self.title = title
        total = runs.count
        done = 0
        failures = 0
        kept = skipped
        estimate = SweepEstimate(runs: runs.map { .init(experiment: $0.variant.experiment, features: $0.variant.costTerms) }, workers: workers)
        indexOfRun = Dictionary(runs.enumerated().map { (RunKey($0.element.variant), $0.offset) }, uniquingKeysWith: { first, _ in first })
        busy = [:]
        started = clock.now
        guard style != .quiet else { return }
        var line = "\(title): \(runs.count) run\(runs.count == 1 ? "" : "s") on \(workers) worker\(workers == 1 ? "" : "s")"
        if skipped > 0 { line += ", \(skipped) already finished" }
        emit(line)
    }

    func runStarted(slot: Int, run: ScheduledRun) {
        busy[slot] = Busy(label: run.displayName, totalEpochs: run.job.config.training.epochs)
        if let index = indexOfRun[RunKey(run.variant)] { estimate.started(index, elapsed: Self.seconds(clock.now - started)) }
        redrawIfDue(force: true)
    }

    func epochEnded(slot: Int, epoch: EpochRecord, of totalEpochs: Int) {
        busy[slot]?.epoch = epoch.epoch
        busy[slot]?.totalEpochs = totalEpochs
        busy[slot]?.loss = epoch.metrics["train_loss"]
        redrawIfDue(force: false)
    }

    func runEnded(slot: Int?, run: ScheduledRun, record: RunRecord) {
        // The slot may already show the worker's next run (it is dispatched before this is saved).
        if let slot, busy[slot]?.label == run.displayName { busy[slot] = nil }
        done += 1
        if let index = indexOfRun[RunKey(run.variant)] {
            estimate.ended(index, seconds: record.seconds, fraction: CostModels.trainedFraction(record, planned: run.variant.config.training.epochs))
        }
        if !record.status.isFinished { failures += 1 }
        // Quiet still reports runs that failed or timed out: they decide the exit status.
        if style == .quiet && record.status.isFinished { return }
        emit(Self.summary(of: record, run: run, position: done, total: total))
    }

    /// A run stopped at a checkpoint (it resumes there, here or in the next `gradbook run`).
    func runPaused(slot: Int?, run: ScheduledRun) {
        if let slot, busy[slot]?.label == run.displayName { busy[slot] = nil }
        guard style != .quiet else { return }
        emit("[checkpoint] \(run.displayName): stopped at a checkpoint; it resumes from there")
    }

    /// The run reached its hyperband band and waits there, in its checkpoint, for its cohort.
    func runReachedBand(slot: Int?, run: ScheduledRun, band: Int) {
        if let slot, busy[slot]?.label == run.displayName { busy[slot] = nil }
        guard style != .quiet else { return }
        emit("[band \(band)]  \(run.displayName): waits at epoch \(band) for its cohort")
    }

    func tick() { redrawIfDue(force: false) }

    /// Runs of this sweep that ended so far (cheap, unlike `status`).
    public var doneCount: Int { done }

    /// Wall seconds left, from a replay at most `etaRefresh` old (less the time since; a
    /// replay is redone at once when the first run ends, so the prior's `~` ETA is replaced).
    private func secondsLeft() -> Double? {
        let now = clock.now
        if let last = lastEstimate, now - last.at < Self.etaRefresh, (last.done == 0) == (done == 0) {
            return last.secondsLeft.map { max(0, $0 - Self.seconds(now - last.at)) }
        }
        let left = estimate.secondsLeft(elapsed: Self.seconds(now - started))
        lastEstimate = (now, done, left)
        return left
    }

    public var status: Status {
        let elapsed = Self.seconds(clock.now - started)
        return Status(done: done, total: total, kept: kept, failures: failures,
                      secondsLeft: done >= total ? nil : secondsLeft(),
                      runsPerSecond: estimate.runsPerSecond(elapsed: elapsed))
    }

    func sweepEnded(interrupted: Bool) {
        clearLive()
        guard style != .quiet else { return }
        if interrupted {
            emit("\(title): interrupted after \(done) of \(total) runs; finished runs are kept")
        }
    }

    /// `[3/18] ok       exp/lr=0.01 ...  val_accuracy=0.9611  2.1s` (and the reason when not ok).
    static func summary(of record: RunRecord, run: ScheduledRun, position: Int, total: Int) -> String {
        var line = "[\(position)/\(total)] \(record.status.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)) \(run.displayName)"
        let metric = run.job.config.metric.name
        if let value = record.finalMetrics[metric] {
            line += "  \(metric)=\(Self.format(value))"
        }
        line += "  " + Self.duration(record.seconds)
        if let reason = record.reason, !record.status.isFinished || record.status == .diverged {
            line += "  (\(reason.split(separator: "\n").first.map(String.init) ?? reason))"
        }
        return line
    }

    private func emit(_ line: String) {
        clearLive()
        FileHandle.standardError.write(Data((line + "\n").utf8))
        drawLive()
    }

    private func redrawIfDue(force: Bool) {
        guard style == .live else { return }
        let now = clock.now
        if !force, let lastDraw, now - lastDraw < .milliseconds(200) { return }
        clearLive()
        drawLive()
    }

    private func clearLive() {
        guard style == .live, drawnLines > 0 else { return }
        // Up to the first line of the block, then clear to the end of the screen.
        FileHandle.standardError.write(Data("\u{1B}[\(drawnLines)F\u{1B}[J".utf8))
        drawnLines = 0
    }

    private func drawLive() {
        guard style == .live, total > 0 else { return }
        let elapsed = Self.seconds(clock.now - started)
        let width = 30
        let filled = total == 0 ? 0 : min(width, done * width / total)
        var lines = ["[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                     + "] \(done)/\(total)  failures \(failures)  elapsed \(Self.clockTime(elapsed))  \(rate(elapsed: elapsed))  ETA \(eta(elapsed: elapsed))"]
        for slot in busy.keys.sorted() {
            guard let state = busy[slot] else { continue }
            var line = "  worker \(slot + 1): \(state.label)  epoch \(state.epoch)/\(state.totalEpochs)"
            if let loss = state.loss { line += "  loss \(Self.format(loss))" }
            lines.append(String(line.prefix(terminalWidth() - 1)))
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        drawnLines = lines.count
        lastDraw = clock.now
    }

    /// Before the first run ends the ETA is the cost model's prior, marked with `~`.
    private func eta(elapsed: Double) -> String {
        guard done < total, let left = secondsLeft() else { return done >= total ? "0:00" : "--:--" }
        return (done == 0 ? "~" : "") + Self.clockTime(left)
    }

    /// `12.3 runs/s`, `0.41 runs/s`, or `-- runs/s` before the first.
    private func rate(elapsed: Double) -> String {
        guard let rate = estimate.runsPerSecond(elapsed: elapsed) else { return "-- runs/s" }
        return (rate >= 10 ? String(format: "%.0f", rate) : rate >= 1 ? String(format: "%.1f", rate) : String(format: "%.2f", rate)) + " runs/s"
    }

    private func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
        return 100
    }

    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        return String(format: abs(value) >= 1000 || (abs(value) < 0.001 && value != 0) ? "%.3g" : "%.4f", value)
    }

    /// `45ms`, `0.34s`, `12.5s`, `1:05`: fast runs keep their significant digits instead of reading `0.0s`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "\(seconds)s" }
        // Thresholds sit where rounding would carry into the next form (0.0995 s -> 99.5 ms -> "100ms").
        if seconds < 0.0995 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 9.995 { return String(format: "%.2fs", seconds) }
        if seconds < 59.95 { return String(format: "%.1fs", seconds) }
        return clockTime(seconds)
    }

    static func clockTime(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole >= 3600 { return String(format: "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60) }
        return String(format: "%d:%02d", whole / 60, whole % 60)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
