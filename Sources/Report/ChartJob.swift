import Foundation

/// A chart of the report that is planned but not yet drawn: drawing and PNG encoding are most of
/// the report's time and every chart is independent, so the report draws them on several threads.
struct ChartJob: Sendable {
    var path: String
    var caption: String
    /// A rough relative cost; the costliest charts start first so the threads finish together.
    var cost: Int
    var render: @Sendable () throws -> [UInt8]
    /// Everything the drawing reads, written out in pieces whose bytes follow each other (`nil` for
    /// a job that cannot draw): a report keeps the chart drawn earlier when this text is unchanged
    /// (see `ChartCache`).
    var input: (@Sendable () -> [[UInt8]])?

    var rendered: RenderedChart { RenderedChart(path: path, caption: caption, render: render) }

    init(path: String, caption: String, cost: Int, render: @escaping @Sendable () throws -> [UInt8]) {
        self.path = path
        self.caption = caption
        self.cost = cost
        self.render = render
    }

    /// A job that draws `chart` with `draw`, one of the `ChartRendering` kinds named by `kind`
    /// (two kinds may take the same chart type). The chart value is all `draw` reads besides the
    /// drawing code and fonts, so its full description (every stored property, numbers printed
    /// exactly; `ListChartInput` for charts of one long list) identifies the picture.
    init<Chart: Sendable>(path: String, caption: String, cost: Int, kind: String, chart: Chart,
                          draw: @escaping @Sendable (Chart) throws -> [UInt8]) {
        self.init(path: path, caption: caption, cost: cost) { try draw(chart) }
        input = { [Array("\(kind)\n".utf8), (chart as? ListChartInput)?.cacheInputBytes ?? Array(String(reflecting: chart).utf8)] }
    }

    /// Draws every job on up to `threads` threads (the calling thread among them) and returns the
    /// charts in the jobs' order. Each chart owns its canvas and FreeType library, so charts drawn at
    /// once share nothing and the bytes are those of drawing them one after another.
    /// `store` receives each chart as soon as it is drawn (on the drawing thread); `alongside` runs
    /// once on whichever thread runs out of charts first, filling the gap the last chart leaves.
    /// The first error `store` throws is rethrown once every thread has finished.
    static func renderAll(_ jobs: [ChartJob], threads: Int, store: (@Sendable (RenderedChart) throws -> Void)? = nil,
                          alongside: (@Sendable () -> Void)? = nil) throws -> [RenderedChart] {
        let workers = max(1, min(threads, jobs.count))
        let order = jobs.indices.sorted { jobs[$0].cost > jobs[$1].cost }
        let board = JobBoard(count: jobs.count, alongside: alongside)
        let work: @Sendable (Int) -> Void = { _ in
            while let next = board.claim() {
                let index = order[next]
                let chart = jobs[index].rendered
                board.finish(chart, at: index) { try store?(chart) }
            }
            board.runAlongside()
        }
        if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        return try board.results(fallback: jobs)
    }
}

/// What the drawing threads share, under one lock: the hand-out counter, the finished charts, the
/// side task and the first storage error.
private final class JobBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var nextJob = 0
    private var charts: [RenderedChart?]
    private var alongside: (@Sendable () -> Void)?
    private var storeError: Error?

    init(count: Int, alongside: (@Sendable () -> Void)?) {
        charts = Array(repeating: nil, count: count)
        self.alongside = alongside
    }

    /// The next position in the drawing order, or nil when every job has been handed out.
    func claim() -> Int? {
        lock.withLock {
            guard nextJob < charts.count else { return nil }
            nextJob += 1
            return nextJob - 1
        }
    }

    /// Records a drawn chart after handing it to `store` (outside the lock: it writes files).
    func finish(_ chart: RenderedChart, at index: Int, store: () throws -> Void) {
        var failure: Error?
        do { try store() } catch { failure = error }
        lock.withLock {
            charts[index] = chart
            if storeError == nil { storeError = failure }
        }
    }

    /// Runs the side task if no other thread has taken it.
    func runAlongside() {
        let task = lock.withLock { () -> (@Sendable () -> Void)? in
            defer { alongside = nil }
            return alongside
        }
        task?()
    }

    /// Every chart in the jobs' order; a slot left empty (which would be a bug) is drawn here.
    func results(fallback jobs: [ChartJob]) throws -> [RenderedChart] {
        try lock.withLock {
            if let storeError { throw storeError }
            return charts.enumerated().map { index, chart in chart ?? jobs[index].rendered }
        }
    }
}
