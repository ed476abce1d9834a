import Core
import Foundation
import Notebook
import Records
#if canImport(Glibc)
import Glibc
#endif

/// What one sweep produced.
public struct SweepResult: Sendable {
    /// Records written by this sweep (every status), in the order runs ended, light (no curves,
    /// no configuration: `RunRecord.light`) so a sweep of 100,000 runs holds little; read a
    /// run's curves from its record on disk.
    public var records: [RunRecord]
    /// True when a stop signal ended the sweep early.
    public var interrupted: Bool
    /// Runs that never ended (interrupted before or while training).
    public var unfinished: [Variant]
    /// What went wrong on the way without stopping the sweep (a record that could not be saved, a
    /// file that could not be removed, an unreadable worker line), for the caller to show.
    public var problems: [String]
    /// Runs another `gradbook run` on the same folder trained meanwhile (their claims said so).
    public var trainedElsewhere: [Variant]
    /// The first record or pointer write that failed for want of a writable disk (ENOSPC, EROFS,
    /// EIO, EDQUOT): the sweep then started no more runs, let running ones end, and retried their
    /// records once. Nil when every write succeeded.
    public var writeFailure: String?
    /// Records that could not be saved even on the retry (their training is lost), and runs
    /// whose weights could not be written (their records are not saved, so they train again).
    public var unsaved: Int = 0
    /// Runs stopped at a checkpoint by a stop signal: the next `gradbook run` resumes them.
    public var checkpointed: [Variant] = []
    /// Runs a budget did not let start (`BudgetGate`): the search ended before them.
    public var overBudget: [Variant] = []
    /// Runs that reached their hyperband band and wait there (`BandState`) for their cohort.
    public var banded: [Variant] = []
    /// Runs that ended here: counted even when `records` is not kept.
    public var ended = EndedRuns()

    public init(records: [RunRecord] = [], interrupted: Bool = false, unfinished: [Variant] = [],
                problems: [String] = [], trainedElsewhere: [Variant] = []) {
        self.trainedElsewhere = trainedElsewhere
        self.records = records
        self.interrupted = interrupted
        self.unfinished = unfinished
        self.problems = problems
    }
}

/// Trains scheduled runs on a pool of `gradbook worker` processes and persists every record the
/// moment its run ends. One thread, one poll loop: worker pipes, the signal pipe and deadlines.
public final class SweepRunner {
    let options: RunOptions
    let store: RunRecordStore
    let display: ProgressDisplay
    private let clock = ContinuousClock()
    private var workers: [WorkerProcess?] = []
    private var pending: ArraySlice<ScheduledRun> = []
    private var records: [RunRecord] = []
    /// Whether `SweepResult.records` holds each ended run's light record. A search that plans
    /// again from this sweep's results needs them; a single pass of a grid or random sweep only
    /// counts, so its parent does not grow by a record per run through 100,000 runs.
    public var keepsRecords = true
    private var endedRuns = EndedRuns()
    private var ended: Set<RunKey> = []
    private var problems: [String] = []
    private var claims: ClaimKeeper?
    /// Set by the first write that fails for want of disk: no run starts after it.
    private var writeFailure: FileWriteError?
    /// Records kept in memory because their save failed, retried once at the end.
    private var unsavedRecords: [(RunRecord, String)] = []
    private var elsewhere: [Variant] = []
    /// Runs whose worker stopped them at a checkpoint: resumed at once when this sweep goes on
    /// (a worker signalled on its own), else left for the next `gradbook run`.
    private var resumable: [ScheduledRun] = []
    private var checkpointed: [Variant] = []
    private var banded: [Variant] = []
    /// Runs whose weights could not be written: no record, counted as unsaved.
    private var weightsLost = 0
    /// How long workers may take to reach a batch boundary and checkpoint after a stop signal.
    static let checkpointGrace: Duration = .seconds(120)
    private var bestWeights = BestWeightsTracker(runs: [], kept: [], hasWeights: { _ in false })
    private let trap = SignalTrap.shared
    /// Called on the poll loop after each round of events (the live report checks whether a
    /// render is due; it must return at once and do its work elsewhere).
    public var betweenEvents: (() -> Void)?
    /// Admits runs in order under a budget (nil: none); the caller keeps it across rounds.
    public var budget: BudgetGate?
    private var overBudget: [Variant] = []
    /// What a run's record carries through its group commit, to finish the run once it is durable.
    struct Ending: Sendable {
        var run: ScheduledRun
        var slot: Int?
        var wroteWeights: Bool
    }
    private var committer: RecordCommitter<Ending>?

    public init(options: RunOptions, store: RunRecordStore, display: ProgressDisplay) {
        self.options = options
        self.store = store
        self.display = display
    }

    /// Trains `runs` (in the order given) and returns when all ended or a stop signal arrived.
    /// `kept` are the finished records this sweep does not retrain (they may hold the best weights).
    public func run(_ runs: [ScheduledRun], kept: [RunRecord] = [], title: String) throws -> SweepResult {
        SignalTrap.install()
        // What planning and scheduling freed is given back before the hours of training.
        FreedMemory.giveBack()
        // Workers write weights beside records, possibly before the first record creates the folder.
        for experiment in Set(runs.map(\.variant.experiment)) {
            try FileManager.default.createDirectory(atPath: store.experimentDirectory(experiment),
                                                    withIntermediateDirectories: true)
        }
        records = []
        endedRuns = EndedRuns()
        ended = []
        problems = []
        pending = runs[...]
        elsewhere = []
        writeFailure = nil
        unsavedRecords = []
        resumable = []
        checkpointed = []
        banded = []
        weightsLost = 0
        overBudget = []
        let claims = ClaimKeeper(store: store, runs: runs, retrainsFinished: options.force)
        self.claims = claims
        let store = self.store
        bestWeights = BestWeightsTracker(runs: runs, kept: kept) { BestWeights.hasWeights($0, in: store) }
        workers = Array(repeating: nil, count: min(options.jobs, runs.count))
        display.sweepStarted(title: title, runs: runs, skipped: kept.count, workers: workers.count)
        let committer = RecordCommitter<Ending>(store: store)
        self.committer = committer
        defer {
            // Also on a thrown error: what was handed over is written, and its runs settled.
            settle(committer.collectAll())
            committer.shutDown()
            self.committer = nil
            shutDown()
            claims.close()
        }

        var interrupted = trap.stopRequested
        while !interrupted {
            try dispatch()
            let busy = workers.contains(where: { $0?.isBusy == true })
            let settled = committer.isIdle
            if !busy && settled && (writeFailure != nil || (pending.isEmpty && resumable.isEmpty && claims.waiting.isEmpty)) { break }
            waitForEvents()
            if trap.stopRequested { interrupted = true; break }
            try serviceWorkers()
            enforceDeadlines()
            settle(committer.collect())
            claims.beat()
            guard writeFailure == nil else { continue }
            let (ready, done) = try claims.look()
            // Back to their place in the plan: a budget admits runs in that order, and a run it
            // waits on must not queue behind the runs waiting for it.
            if !ready.isEmpty { pending = claims.inScheduleOrder(pending + ready)[...] }
            for run in done { endedElsewhere(run) }
            display.tick()
            betweenEvents?()
        }
        if interrupted { checkpointInFlight() }
        settle(committer.collectAll())
        retryUnsaved()
        checkpointed.append(contentsOf: resumable.map(\.variant))
        let dropped = Set(overBudget.map(RunKey.init))
        let unfinished = runs.filter { !ended.contains(RunKey($0.variant)) && !dropped.contains(RunKey($0.variant)) }.map(\.variant)
        display.sweepEnded(interrupted: interrupted)
        var result = SweepResult(records: records, interrupted: interrupted, unfinished: unfinished, problems: problems,
                                 trainedElsewhere: elsewhere)
        result.writeFailure = writeFailure?.description
        result.unsaved = unsavedRecords.count + weightsLost
        result.checkpointed = checkpointed
        result.overBudget = overBudget
        result.banded = banded
        result.ended = endedRuns
        return result
    }

    /// After a stop signal: every busy worker is told (SIGTERM) to checkpoint at its next batch
    /// boundary and exit; runs that end meanwhile are recorded as usual. Workers that have not
    /// stopped within `checkpointGrace` are killed (their last periodic checkpoint stays).
    private func checkpointInFlight() {
        let busy = workers.compactMap { $0 }.filter(\.isBusy)
        guard !busy.isEmpty else { return }
        for worker in busy { worker.kill(SIGTERM) }
        let limit = clock.now + Self.checkpointGrace
        while workers.contains(where: { $0?.isBusy == true }) && clock.now < limit {
            waitForEvents()
            _ = trap.stopRequested
            try? serviceWorkers()
        }
    }

    /// ENOSPC and friends: the disk will not take the next record either.
    static func isDiskFailure(_ error: Error) -> Bool {
        guard let failure = error as? FileWriteError else { return false }
        return [ENOSPC, EROFS, EIO, EDQUOT].contains(failure.code)
    }

    /// Notes a run that ended with `record`.
    private func keep(_ record: RunRecord) {
        endedRuns.add(record.status)
        if keepsRecords { records.append(record.light) }
    }

    private func noteWriteFailure(_ error: Error) {
        guard writeFailure == nil, Self.isDiskFailure(error), let failure = error as? FileWriteError else { return }
        writeFailure = failure
    }

    /// One more try for the records of runs that ended after the disk filled (space may have
    /// been freed meanwhile: a deleted temporary, another job's output); those still unsaved stay
    /// counted, and the next `gradbook run` trains them again.
    private func retryUnsaved() {
        var still: [(RunRecord, String)] = []
        for (record, name) in unsavedRecords {
            do {
                try store.save(record)
                removeCheckpoint(of: record)
                claims?.release(RunKey(record))
                problems.removeAll { $0.hasPrefix("cannot save the record of \(name):") }
            } catch {
                still.append((record, name))
            }
        }
        unsavedRecords = still
    }

    /// The next pending run this sweep could claim; runs held by another process wait in the
    /// keeper, runs it already trained are done.
    private func nextClaimed() throws -> ScheduledRun? {
        while let next = pending.first {
            // Under a budget runs start in order: one that must wait holds back the rest.
            switch budget?.admit(next) ?? .start {
            case .start: break
            case .wait: return nil
            case .skip:
                pending.removeFirst()
                budget?.skipped(next)
                overBudget.append(next.variant)
                continue
            }
            pending.removeFirst()
            let take: ClaimKeeper.Take
            do {
                take = try claims?.take(next) ?? .claimed
            } catch {
                // A claim that cannot be written is the first write failure when the disk is full.
                problems.append("cannot claim \(next.displayName): \(error)")
                noteWriteFailure(error)
                pending.insert(next, at: pending.startIndex)
                return nil
            }
            switch take {
            case .claimed: return next
            case .heldElsewhere: continue
            case .doneElsewhere: endedElsewhere(next)
            }
        }
        return nil
    }

    private func endedElsewhere(_ run: ScheduledRun) {
        budget?.endedElsewhere(run.variant)
        ended.insert(RunKey(run.variant))
        elsewhere.append(run.variant)
    }

    /// Gives every idle worker slot its next run (starting a worker where none is alive).
    private func dispatch() throws {
        guard !trap.stopRequested, writeFailure == nil else { return }
        for slot in workers.indices where !pending.isEmpty || !resumable.isEmpty {
            if workers[slot] == nil {
                workers[slot] = try WorkerProcess.spawn(executable: options.workerExecutable, slot: slot)
            }
            guard let worker = workers[slot], !worker.isBusy else { continue }
            // A run paused by a signal to its worker alone is still claimed by this sweep.
            if !resumable.isEmpty {
                start(resumable.removeFirst(), on: worker)
                continue
            }
            guard var next = try nextClaimed() else { continue }
            if next.job.weightsPath != nil { next.job.weightsBar = bestWeights.bar(for: next) }
            let running = workers.filter { $0?.isBusy == true }.count
            next.job.threads = SpareCores.threads(cores: options.jobs, runsLeft: running + 1 + pending.count + resumable.count)
            start(next, on: worker)
        }
    }

    private func start(_ run: ScheduledRun, on worker: WorkerProcess) {
        let now = clock.now
        worker.job = run
        worker.jobStarted = now
        worker.deadline = run.timeoutSeconds.map { now + .milliseconds(Int64(($0 * 1000).rounded(.up))) }
        worker.epochs = []
        worker.priorSeconds = 0
        worker.weightsWriteFailed = false
        worker.totalEpochs = run.job.config.training.epochs
        display.runStarted(slot: worker.slot, run: run)
        if !worker.send(run.job) {
            // The worker died before taking the job; its end is reported like any crash.
            workerEnded(worker)
        }
    }

    /// Sleeps in poll until a worker writes, a signal arrives, a deadline passes, or the display is due.
    private func waitForEvents() {
        var descriptors = [pollfd(fd: trap.readEnd, events: Int16(POLLIN), revents: 0)]
        if let committer { descriptors.append(pollfd(fd: committer.wakeDescriptor, events: Int16(POLLIN), revents: 0)) }
        for case let worker? in workers {
            if worker.outputOpen { descriptors.append(pollfd(fd: worker.output, events: Int16(POLLIN), revents: 0)) }
            if worker.errorsOpen { descriptors.append(pollfd(fd: worker.errors, events: Int16(POLLIN), revents: 0)) }
        }
        var timeout: Int64 = display.style == .live ? 250 : 1000
        let now = clock.now
        for case let worker? in workers {
            guard let deadline = worker.deadline else { continue }
            let left = ProgressDisplay.seconds(deadline - now)
            timeout = min(timeout, max(0, Int64((left * 1000).rounded(.up))))
        }
        _ = poll(&descriptors, nfds_t(descriptors.count), Int32(timeout))
    }

    private func serviceWorkers() throws {
        for case let worker? in workers {
            worker.readErrors()
            let (lines, outputEnded) = worker.readOutputLines()
            for line in lines { try handle(line, from: worker) }
            if outputEnded { workerEnded(worker) }
        }
    }

    private func handle(_ line: [UInt8], from worker: WorkerProcess) throws {
        guard let run = worker.job else { return }
        let message: WorkerMessage
        do {
            message = try WorkerWire.decodeMessage(from: line)
        } catch {
            problems.append("worker \(worker.slot + 1) wrote an unreadable line: \(String(decoding: line.prefix(200), as: UTF8.self))")
            return
        }
        guard message.variant == run.variant.id else { return }
        switch message.kind {
        case .epoch:
            guard let epoch = message.epoch else { return }
            worker.epochs.append(epoch)
            display.epochEnded(slot: worker.slot, epoch: epoch, of: message.totalEpochs ?? worker.totalEpochs ?? 0)
        case .result:
            guard let trained = message.result else { return }
            worker.job = nil
            worker.deadline = nil
            let weightsLost = worker.weightsWriteFailed
            // Hand the worker its next run first: saving (two fsyncs) then overlaps training.
            try dispatch()
            if weightsLost {
                // Same policy as a record that cannot be written: kept in memory only (so the
                // next `gradbook run` trains it again, from its last checkpoint), counted as unsaved.
                let record = RunRecord(variant: run.variant, outcome: trained, shard: options.shard)
                self.weightsLost += 1
                // Given up here: another process may train it at once.
                claims?.release(RunKey(record))
                keep(record)
                ended.insert(RunKey(run.variant))
                budget?.ended(record, variant: run.variant)
                display.runEnded(slot: worker.slot, run: run, record: record)
                return
            }
            finish(run, with: trained, slot: worker.slot)
        case .resumed:
            worker.epochs = message.epochs ?? []
            worker.priorSeconds = message.seconds ?? 0
            // The timeout counts training time across resumes.
            if let limit = run.timeoutSeconds, let started = worker.jobStarted {
                let left = max(0, limit - worker.priorSeconds)
                worker.deadline = started + .milliseconds(Int64((left * 1000).rounded(.up)))
            }
        case .note:
            if let note = message.note { problems.append("\(run.displayName): \(note)") }
        case .writeFailed:
            problems.append("\(run.displayName): \(message.note ?? "a write failed")")
            if message.what == "weights" { worker.weightsWriteFailed = true }
            noteWriteFailure(FileWriteError(path: message.path ?? "", operation: "write", code: message.errorCode ?? EIO))
        case .paused:
            paused(run, on: worker)
        case .band:
            worker.job = nil
            worker.deadline = nil
            reachedBand(run, epochs: message.epochs ?? [], seconds: message.seconds ?? 0, slot: worker.slot)
            try dispatch()
        }
    }

    /// The run waits at its band in its checkpoint: the band file says so (for the cohort's
    /// decision, here or after a kill). No record: the run is not over.
    private func reachedBand(_ run: ScheduledRun, epochs: [EpochRecord], seconds: Double, slot: Int) {
        let band = run.job.pauseAfterEpoch ?? epochs.count
        do {
            try store.saveBand(BandState(band: band, epochs: epochs, seconds: seconds),
                               experiment: run.variant.experiment, variant: run.variant.id)
        } catch {
            problems.append("cannot write \(store.bandPath(experiment: run.variant.experiment, variant: run.variant.id)): \(error)")
            noteWriteFailure(error)
        }
        claims?.release(RunKey(run.variant))
        banded.append(run.variant)
        ended.insert(RunKey(run.variant))
        display.runReachedBand(slot: slot, run: run, band: band)
    }

    /// The worker stopped `run` at a checkpoint: no record. When this sweep is not stopping (the
    /// signal reached the worker alone), the run resumes on the next free worker.
    private func paused(_ run: ScheduledRun, on worker: WorkerProcess) {
        worker.job = nil
        worker.deadline = nil
        if trap.stopRequested || writeFailure != nil {
            checkpointed.append(run.variant)
        } else {
            resumable.append(run)
        }
        display.runPaused(slot: worker.slot, run: run)
    }

    /// The worker's output ended: it exited or crashed. A job in hand becomes a failed run.
    private func workerEnded(_ worker: WorkerProcess) {
        let exit = worker.reap()
        workers[worker.slot] = nil
        guard let run = worker.job else { return }
        // A worker still starting (before its stop handler is installed: spawning, loading the
        // data) dies of the SIGTERM a stop forwards; we cut that run short, it did not crash, so
        // it gets no record, as any run in flight at a stop.
        let stoppedByUs = trap.stopRequested && exit.signal == SIGTERM
        if exit.exitCode == WorkerLoop.pausedStatus || stoppedByUs {
            paused(run, on: worker)
            return
        }
        var reason = exit.description
        let tail = worker.errorLines(last: 5)
        if !tail.isEmpty { reason += "; stderr: " + tail.joined(separator: " | ") }
        let trained = RunOutcome(status: .failed, reason: reason, epochs: worker.epochs,
                                 seconds: worker.priorSeconds + elapsed(worker))
        finish(run, with: trained, slot: worker.slot)
    }

    private func enforceDeadlines() {
        let now = clock.now
        for case let worker? in workers {
            guard let run = worker.job, let deadline = worker.deadline, now >= deadline else { continue }
            worker.kill(SIGKILL)
            _ = worker.reap()
            workers[worker.slot] = nil
            let limit = run.timeoutSeconds ?? 0
            let reason = "timed out: exceeded the \(ProgressDisplay.duration(limit)) limit after \(worker.epochs.count) of \(worker.totalEpochs ?? 0) epochs"
            let trained = RunOutcome(status: .timed_out, reason: reason, epochs: worker.epochs,
                                     seconds: worker.priorSeconds + elapsed(worker))
            finish(run, with: trained, slot: worker.slot)
        }
    }

    /// Hands the run's record to the group commit; the run ends (`settle`) once it is durable.
    private func finish(_ run: ScheduledRun, with trained: RunOutcome, slot: Int?) {
        var record = RunRecord(variant: run.variant, outcome: trained, shard: options.shard)
        // For `save: best` the record names no weights (which run holds them is the pointer file's business).
        if run.job.config.training.save == .best { record.outcome.weightsFile = nil }
        let ending = Ending(run: run, slot: slot, wroteWeights: trained.weightsFile != nil)
        if let committer {
            committer.submit(record, tag: ending)
        } else {
            var error: Error?
            do { try store.save(record) } catch let failure { error = failure }
            settle([RecordCommitter<Ending>.Done(record: record, tag: ending, error: error)])
        }
    }

    /// Runs whose record's commit came back: a durable record releases the claim (a waiting
    /// process then finds the record) and ends the checkpoint; then, written or not, the run has
    /// ended: `save: best` settles the weights files, the budget and the display learn of it.
    private func settle(_ commits: [RecordCommitter<Ending>.Done]) {
        for commit in commits {
            let record = commit.record, run = commit.tag.run
            if let error = commit.error {
                problems.append("cannot save the record of \(run.displayName): \(error)")
                noteWriteFailure(error)
                if Self.isDiskFailure(error) { unsavedRecords.append((record, run.displayName)) }
            } else {
                removeCheckpoint(of: record)
                claims?.release(RunKey(record))
            }
            if run.job.config.training.save == .best { settleBestWeights(record, wroteWeights: commit.tag.wroteWeights) }
            keep(record)
            ended.insert(RunKey(run.variant))
            budget?.ended(record, variant: run.variant)
            display.runEnded(slot: commit.tag.slot, run: run, record: record)
        }
    }

    private func settleBestWeights(_ record: RunRecord, wroteWeights: Bool) {
        let decision = bestWeights.settle(record, wroteWeights: wroteWeights)
        if decision.removeOwnWeights { removeWeights(RunKey(record)) }
        // The pointer names the new holder before the old holder's file goes: a kill between
        // the two leaves an extra file (removed by the next settle), never a dangling pointer.
        if let pointer = decision.pointer {
            do {
                try store.saveBestWeights(pointer, experiment: pointer.experiment)
            } catch {
                problems.append("cannot write \(store.bestWeightsPath(experiment: pointer.experiment)): \(error)")
                noteWriteFailure(error)
            }
        }
        if let displaced = decision.displaced { removeWeights(displaced) }
    }

    /// A written record ends its checkpoint, except a failed one (a crashed worker): its rerun
    /// resumes from the last checkpoint instead of epoch 0.
    private func removeCheckpoint(of record: RunRecord) {
        guard record.status != .failed else { return }
        store.removeBand(experiment: record.experiment, variant: record.variant)
        let path = store.checkpointPath(experiment: record.experiment, variant: record.variant)
        if unlink(path) != 0 && errno != ENOENT {
            problems.append("cannot remove \(path): \(String(cString: strerror(errno)))")
        }
    }

    private func removeWeights(_ key: RunKey) {
        if let problem = BestWeights.removeWeights(experiment: key.experiment, variant: key.variant, in: store) {
            problems.append(problem)
        }
    }

    private func elapsed(_ worker: WorkerProcess) -> Double {
        guard let started = worker.jobStarted else { return 0 }
        return ProgressDisplay.seconds(clock.now - started)
    }

    /// Idle workers get end-of-input and exit; busy ones (after a stop signal) are killed.
    private func shutDown() {
        for case let worker? in workers where worker.isBusy { worker.kill(SIGKILL) }
        for case let worker? in workers { worker.closeInput() }
        for case let worker? in workers { _ = worker.reap() }
        workers = []
    }
}
