import Core
import Foundation
import Records
#if canImport(Glibc)
import Glibc
#endif

/// Group commit of run records. The sweep's poll loop hands over each ended run's record and goes
/// straight back to its workers; one thread encodes and writes the records, and every record
/// handed over while the previous group was being flushed joins the next group
/// (`AtomicFile.writeGroup`: the group's data flushed together, one folder fsync per group). A
/// tiny run's record used to cost the loop two fsyncs in a row (~7 ms of waiting on this machine's
/// disk, longer than the run's training); now the loop never waits on the disk.
///
/// Durability is unchanged: a run counts as finished (progress, claims released, results) only
/// when `collect` returns its record durable, so a kill -9 at any moment loses no run that was
/// counted finished; a record handed over but not yet collected is simply retrained by the next
/// `gradbook run` (its claim is still held, and goes stale with this process).
final class RecordCommitter<Tag: Sendable>: @unchecked Sendable {
    /// One record's commit: written and durable when `error` is nil.
    struct Done {
        var record: RunRecord
        var tag: Tag
        var error: Error?
    }

    /// `GRADBOOK_TEST_COMMIT_DELAY_MS`: the committer sleeps this long before each group, so a
    /// test can kill the sweep while ended runs wait for their commit.
    static var delayVariable: String { "GRADBOOK_TEST_COMMIT_DELAY_MS" }

    private let store: RunRecordStore
    private let condition = NSCondition()
    private var queue: [(RunRecord, Tag)] = []
    private var done: [Done] = []
    private var closing = false
    private let exited = DispatchSemaphore(value: 0)
    /// The loop's wake-up: one byte per committed group (non-blocking at both ends).
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let delayMilliseconds: Int
    /// Handed over and not yet collected (the loop's thread only).
    private(set) var outstanding = 0

    init(store: RunRecordStore, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.store = store
        delayMilliseconds = environment[Self.delayVariable].flatMap(Int.init) ?? 0
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            }
        }
        wakeRead = ends[0]
        wakeWrite = ends[1]
        let thread = Thread { [self] in work() }
        thread.name = "gradbook record commit"
        thread.start()
    }

    /// Poll this for reading: it becomes readable when a group was committed.
    var wakeDescriptor: Int32 { wakeRead }

    var isIdle: Bool { outstanding == 0 }

    /// Hands `record` over for the next group; `tag` comes back with it from `collect`.
    func submit(_ record: RunRecord, tag: Tag) {
        outstanding += 1
        condition.lock()
        queue.append((record, tag))
        condition.signal()
        condition.unlock()
    }

    /// The records committed since the last call (written and durable, or failed), in the order
    /// they were handed over. Never waits.
    func collect() -> [Done] {
        var byte: UInt8 = 0
        while read(wakeRead, &byte, 1) == 1 {}
        condition.lock()
        let ready = done
        done = []
        condition.unlock()
        outstanding -= ready.count
        return ready
    }

    /// Waits until every record handed over is committed, and returns those not collected yet.
    func collectAll() -> [Done] {
        var ready: [Done] = []
        while outstanding > 0 {
            condition.lock()
            while done.isEmpty { condition.wait() }
            condition.unlock()
            ready += collect()
        }
        return ready
    }

    /// Ends the thread once the queue is written (`collectAll` first to see the outcomes).
    func shutDown() {
        condition.lock()
        closing = true
        condition.signal()
        condition.unlock()
        exited.wait()
        close(wakeRead)
        close(wakeWrite)
    }

    private func work() {
        defer { exited.signal() }
        while true {
            condition.lock()
            while queue.isEmpty && !closing { condition.wait() }
            if queue.isEmpty {
                condition.unlock()
                return
            }
            if delayMilliseconds > 0 {
                condition.unlock()
                usleep(useconds_t(delayMilliseconds * 1000))
                condition.lock()
            }
            let group = queue
            queue = []
            condition.unlock()
            let committed = commit(group)
            condition.lock()
            done += committed
            condition.broadcast()
            condition.unlock()
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
        }
    }

    /// Encodes and writes one group; each record's outcome.
    private func commit(_ group: [(RunRecord, Tag)]) -> [Done] {
        var results = group.map { Done(record: $0.0, tag: $0.1, error: nil) }
        var entries: [AtomicFile.GroupEntry] = []
        var positions: [Int] = []
        for (index, (record, _)) in group.enumerated() {
            do {
                entries.append(AtomicFile.GroupEntry(bytes: try RunRecordStore.encode(record),
                                                     path: store.recordPath(experiment: record.experiment, variant: record.variant)))
                positions.append(index)
            } catch {
                results[index].error = error
            }
        }
        for (position, failure) in zip(positions, AtomicFile.writeGroup(entries)) {
            results[position].error = failure
        }
        return results
    }
}
