import Core
import Foundation
import Records
#if canImport(Glibc)
import Glibc
#endif

/// The claims of one sweep (`RunClaims`): what it trains is claimed first, refreshed by a
/// heartbeat while it trains, released once its record is written. Runs claimed by another
/// `gradbook run` on the same folder wait here until their record appears (trained elsewhere:
/// done) or their claim goes stale (its owner died: taken over and trained here).
///
/// A run counts as trained elsewhere when its record file is not the one this sweep saw when it
/// started (every save renames a new file into place, so the inode changes), or when its
/// hyperband band file is not (another process trained it on to its next band). A finished record,
/// or a band file at or past the band this sweep would train the run to, already there when the
/// keeper starts was written after the plan read the folder (the plan leaves out runs that have
/// them): another process moved the run on in between, so it is done too.
final class ClaimKeeper {
    enum Take { case claimed, heldElsewhere, doneElsewhere }

    let claims: RunClaims
    /// How this sweep creates its claims: links of one owner file per folder (`LinkedClaims`).
    private let linked: LinkedClaims
    let heartbeatSeconds: Double
    let staleSeconds: Double
    private let store: RunRecordStore
    private var held: Set<RunKey> = []
    /// Runs another process holds, in scheduling order.
    private(set) var waiting: [ScheduledRun] = []
    /// What the keeper saw of each run when the sweep started.
    private struct Start {
        /// Record file identity (inode and mtime, 0 when absent).
        var record: UInt64
        /// Band file identity.
        var band: UInt64
        /// Place in the sweep's scheduling order.
        var position: Int
        /// Another process moved it on between the plan's reading of the folder and the start.
        var movedOn: Bool
    }
    private var start: [RunKey: Start] = [:]
    private let clock = ContinuousClock()
    private var lastBeat: ContinuousClock.Instant
    private var lastLook: ContinuousClock.Instant

    /// `GRADBOOK_CLAIM_HEARTBEAT` and `GRADBOOK_CLAIM_STALE` (seconds) override the 30 s heartbeat
    /// and the 5 minute staleness, for tests. `retrainsFinished` (`--force`): the finished records
    /// on the folder are old ones this sweep trains again, not news from another process.
    init(store: RunRecordStore, runs: [ScheduledRun], retrainsFinished: Bool = false,
         environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.store = store
        claims = RunClaims(store: store)
        heartbeatSeconds = environment["GRADBOOK_CLAIM_HEARTBEAT"].flatMap(Double.init).map { max($0, 0.05) } ?? 30
        staleSeconds = ClaimTiming.staleSeconds(environment: environment)
        // A tenth of the heartbeat: a new claim looks at most that much older than a fresh one.
        linked = LinkedClaims(claims: claims, maxAge: min(heartbeatSeconds, staleSeconds) / 10, staleAfter: staleSeconds)
        lastBeat = clock.now
        lastLook = clock.now
        for (position, run) in runs.enumerated() {
            let key = RunKey(run.variant)
            let record = recordIdentity(key), band = fileIdentity(store.bandPath(experiment: key.experiment, variant: key.variant))
            // Without this, a run recorded after the plan's read and before this snapshot would
            // look like an old record here forever: trained again (its finished record rewritten),
            // or, once its claim is released, taken over behind runs a budget keeps waiting on it.
            // (The files are read only when one exists: most planned runs have neither.)
            let movedOn = (record != 0 || band != 0) && run.movedOn(in: store, countingRecords: !retrainsFinished)
            start[key] = Start(record: record, band: band, position: position, movedOn: movedOn)
        }
    }

    /// `runs` in the sweep's scheduling order (a budget admits runs in that order, so runs that
    /// come back from waiting go back to their place).
    func inScheduleOrder(_ runs: some Sequence<ScheduledRun>) -> [ScheduledRun] {
        runs.sorted { (start[RunKey($0.variant)]?.position ?? .max) < (start[RunKey($1.variant)]?.position ?? .max) }
    }

    /// Claims `run` for this sweep, or says who has it.
    func take(_ run: ScheduledRun) throws -> Take {
        let key = RunKey(run.variant)
        if held.contains(key) { return .claimed }
        if doneElsewhere(key) { return .doneElsewhere }
        if try linked.claim(key) {
            return confirm(key)
        }
        if let owner = claims.current(key), owner.isStale(staleAfter: staleSeconds),
           try claims.takeOver(key, judged: owner, staleAfter: staleSeconds) {
            return confirm(key)
        }
        waiting.append(run)
        return .heldElsewhere
    }

    /// A record may have landed between the check and the claim: then the claim is given back.
    private func confirm(_ key: RunKey) -> Take {
        if doneElsewhere(key) {
            claims.release(key)
            return .doneElsewhere
        }
        held.insert(key)
        return .claimed
    }

    /// Once a second: the waiting runs whose record appeared (`done`) and those whose claim
    /// vanished or went stale and that this sweep now holds (`ready`, to train).
    func look() throws -> (ready: [ScheduledRun], done: [ScheduledRun]) {
        guard !waiting.isEmpty, clock.now - lastLook >= .seconds(1) else { return ([], []) }
        lastLook = clock.now
        var ready: [ScheduledRun] = [], done: [ScheduledRun] = [], still: [ScheduledRun] = []
        for run in waiting {
            let key = RunKey(run.variant)
            if doneElsewhere(key) {
                done.append(run)
                continue
            }
            let owner = claims.current(key)
            let taken: Bool
            if let owner {
                taken = try owner.isStale(staleAfter: staleSeconds) && claims.takeOver(key, judged: owner, staleAfter: staleSeconds)
            } else {
                taken = try linked.claim(key)
            }
            if taken, confirm(key) == .claimed {
                ready.append(run)
            } else if taken {
                done.append(run)
            } else {
                still.append(run)
            }
        }
        waiting = still
        return (ready, done)
    }

    /// Refreshes every held claim once per heartbeat interval. A refresh that fails (a full
    /// disk) is not fatal here: the claim stays, and goes stale only if the process dies.
    func beat() {
        guard !held.isEmpty, clock.now - lastBeat >= .milliseconds(Int64(heartbeatSeconds * 1000)) else { return }
        lastBeat = clock.now
        for key in held {
            if (try? claims.refresh(key)) == false { held.remove(key) }
        }
    }

    /// The sweep is over: its owner files go (claims still held stay until released).
    func close() {
        linked.removeOwnerFiles()
    }

    /// Gives the claim back once the run's record is written.
    func release(_ key: RunKey) {
        guard held.remove(key) != nil else { return }
        claims.release(key)
    }

    private func doneElsewhere(_ key: RunKey) -> Bool {
        let seen = start[key]
        if seen?.movedOn == true { return true }
        let now = recordIdentity(key)
        if now != 0 && now != (seen?.record ?? 0) { return true }
        let band = fileIdentity(store.bandPath(experiment: key.experiment, variant: key.variant))
        return band != 0 && band != (seen?.band ?? 0)
    }

    private func recordIdentity(_ key: RunKey) -> UInt64 {
        fileIdentity(store.recordPath(experiment: key.experiment, variant: key.variant))
    }

    /// Inode and modification time: a file replaced by a rename is another file, even if the
    /// file system hands the old inode number out again.
    private func fileIdentity(_ path: String) -> UInt64 {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        let stamp = UInt64(truncatingIfNeeded: info.st_mtim.tv_sec) &* 1_000_000_007 &+ UInt64(truncatingIfNeeded: info.st_mtim.tv_nsec)
        return max(1, UInt64(info.st_ino) ^ (stamp &* 0x9E37_79B9_7F4A_7C15))
    }
}

/// How long a claim may go without a heartbeat before its owner counts as dead:
/// `GRADBOOK_CLAIM_STALE` seconds (for tests), else 5 minutes.
public enum ClaimTiming {
    public static func staleSeconds(environment: [String: String] = ProcessInfo.processInfo.environment) -> Double {
        environment["GRADBOOK_CLAIM_STALE"].flatMap(Double.init).map { max($0, 0.1) } ?? 300
    }
}
