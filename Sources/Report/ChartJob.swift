import Foundation

/// A chart of the report that is planned but not yet drawn: drawing and PNG encoding are most of
/// the report's time and every chart is independent, so the report draws them on several threads.
struct ChartJob: Sendable {
    var path: String
    var caption: String
    /// A rough relative cost (points drawn); the costliest charts start first so threads finish together.
    var cost: Int
    var render: @Sendable () throws -> [UInt8]

    var rendered: RenderedChart {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let r = RenderedChart(path: path, caption: caption, render: render)
        if ProcessInfo.processInfo.environment["POLISH_TIMING"] != nil { FileHandle.standardError.write(Data("TIMING \(path) \(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6) ms\n".utf8)) }
        return r
    }

    /// Draws every job on up to `threads` threads and returns the charts in the jobs' order. Each chart
    /// owns its canvas and FreeType library, so charts drawn at once share nothing and the bytes are
    /// the same as drawn one after another.
    static func renderAll(_ jobs: [ChartJob], threads: Int) -> [RenderedChart] {
        let workers = max(1, min(threads, jobs.count))
        if workers == 1 { return jobs.map(\.rendered) }
        let order = jobs.indices.sorted { jobs[$0].cost > jobs[$1].cost }
        let slots = ResultSlots(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let next = slots.claim() {
                let index = order[next]
                slots.store(jobs[index].rendered, at: index)
            }
        }
        return slots.charts(fallback: jobs)
    }
}

/// The hand-out counter and the finished charts, shared by the drawing threads under one lock.
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var nextJob = 0
    private var results: [RenderedChart?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    /// The next position in the drawing order, or nil when every job has been handed out.
    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextJob < results.count else { return nil }
        nextJob += 1
        return nextJob - 1
    }

    func store(_ chart: RenderedChart, at index: Int) {
        lock.lock()
        defer { lock.unlock() }
        results[index] = chart
    }

    /// Every result; a slot left empty (which would be a bug) is drawn here rather than lost.
    func charts(fallback jobs: [ChartJob]) -> [RenderedChart] {
        lock.lock()
        defer { lock.unlock() }
        return results.enumerated().map { index, chart in chart ?? jobs[index].rendered }
    }
}
