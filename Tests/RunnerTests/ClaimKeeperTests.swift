import Core
import Foundation
import Records
@testable import Runner
import Testing

/// What the claim keeper counts as trained elsewhere, and the order runs come back from waiting.
struct ClaimKeeperTests {
    static func store() throws -> (String, RunRecordStore) {
        let folder = NSTemporaryDirectory() + "gradbook-keeper-\(UUID().uuidString.prefix(8))"
        let store = RunRecordStore(directory: folder)
        try AtomicFile.createFolder(store.experimentDirectory("grid"))
        return (folder, store)
    }

    static func runs(_ ids: [String], in store: RunRecordStore) -> [ScheduledRun] {
        ids.map { ScheduledRun(variant: TestVariants.variant($0, cost: 1), store: store, timeoutSeconds: nil) }
    }

    /// Another process finished a run after this sweep's plan read the folder and before its
    /// keeper started: the run is done (not trained again over that record), while a failed
    /// record there is an old one to retry, and under --force every record is.
    @Test func aFinishedRecordThatLandedBeforeTheKeeperStartedIsDoneElsewhere() throws {
        let (folder, store) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let runs = Self.runs(["a", "b", "c"], in: store)
        try store.save(TestVariants.record("a"))
        try store.save(TestVariants.record("b", status: .failed))
        let keeper = ClaimKeeper(store: store, runs: runs)
        defer { keeper.close() }
        #expect(try keeper.take(runs[0]) == .doneElsewhere)
        #expect(try keeper.take(runs[1]) == .claimed)
        #expect(try keeper.take(runs[2]) == .claimed)
        keeper.release(RunKey(runs[1].variant))
        keeper.release(RunKey(runs[2].variant))

        let forced = ClaimKeeper(store: store, runs: runs, retrainsFinished: true)
        defer { forced.close() }
        #expect(try forced.take(runs[0]) == .claimed, "--force trains the stored run again")
        forced.release(RunKey(runs[0].variant))
    }

    /// The same for hyperband: a band file at or past the band this sweep would train the run to
    /// was written by a process that trained it on; one before that band is where it waits.
    @Test func aBandFileAtOrPastThePlannedBandIsDoneElsewhere() throws {
        let (folder, store) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var runs = Self.runs(["a", "b"], in: store)
        for index in runs.indices { runs[index].job.pauseAfterEpoch = 3 }
        try store.saveBand(BandState(band: 3, epochs: [], seconds: 0.1), experiment: "grid", variant: "a")
        try store.saveBand(BandState(band: 1, epochs: [], seconds: 0.1), experiment: "grid", variant: "b")
        let keeper = ClaimKeeper(store: store, runs: runs)
        defer { keeper.close() }
        #expect(try keeper.take(runs[0]) == .doneElsewhere)
        #expect(try keeper.take(runs[1]) == .claimed)
        keeper.release(RunKey(runs[1].variant))
    }

    /// A record written once the keeper runs is news too (the case the snapshot exists for).
    @Test func aRecordWrittenAfterTheStartIsDoneElsewhere() throws {
        let (folder, store) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let runs = Self.runs(["a"], in: store)
        try store.save(TestVariants.record("a", status: .failed))
        let keeper = ClaimKeeper(store: store, runs: runs, retrainsFinished: true)
        defer { keeper.close() }
        usleep(10_000)
        try store.save(TestVariants.record("a"))
        #expect(try keeper.take(runs[0]) == .doneElsewhere)
    }

    /// Runs that come back from waiting go back to their place in the plan, before the pending
    /// runs after them (a budget admits runs in plan order and would otherwise wait forever).
    @Test func runsComeBackInScheduleOrder() throws {
        let (folder, store) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let runs = Self.runs(["a", "b", "c", "d", "e"], in: store)
        let keeper = ClaimKeeper(store: store, runs: runs)
        defer { keeper.close() }
        let pending = [runs[3], runs[4]], ready = [runs[2], runs[0]]
        #expect(keeper.inScheduleOrder(pending + ready).map(\.variant.id) == ["a", "c", "d", "e"])
    }
}
