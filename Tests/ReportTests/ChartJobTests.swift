import Foundation
import Testing
@testable import Notebook
@testable import Report

/// The report's charts are drawn on several threads: order, hand-off and errors must not depend on it.
@Suite struct ChartJobTests {
    static func jobs(_ count: Int) -> [ChartJob] {
        (0..<count).map { index in
            ChartJob(path: "charts/\(index).png", caption: "chart \(index)", cost: index % 3) {
                if index == 4 { throw ReportError("chart 4 has no data") }
                return [UInt8(index)]
            }
        }
    }

    @Test(arguments: [1, 2, 5, 16])
    func chartsComeBackInPlanOrder(threads: Int) throws {
        let stored = Box<[String]>([])
        let sideRuns = Box(0)
        let charts = try ChartJob.renderAll(Self.jobs(9), threads: threads,
                                            store: { chart in stored.update { $0.append(chart.path) } },
                                            alongside: { sideRuns.update { $0 += 1 } })
        #expect(charts.map(\.path) == (0..<9).map { "charts/\($0).png" })
        #expect(charts.map(\.png) == (0..<9).map { $0 == 4 ? nil : [UInt8($0)] })
        #expect(charts[4].failure == "chart 4 has no data")
        #expect(stored.value.sorted() == charts.map(\.path).sorted())
        #expect(sideRuns.value == 1)
    }

    /// A swept `training.loss` draws its metric chart beside the loss chart, not over it (the
    /// thread that finished last decided which one `charts/<experiment>-loss.png` held).
    @Test func everyChartOfAReportHasItsOwnFile() throws {
        let sweep = SyntheticSweep(name: "loss-lr", parameters: [
            ("training.loss", [.string("cross_entropy"), .string("mse")], false, true),
            ("training.learning_rate", [.double(0.1), .double(1)], false, false),
        ])
        let experiment = sweep.experiment(points: sweep.gridPoints)
        let records = sweep.records(points: sweep.gridPoints) { point, seed in 0.5 + Double(seed) / 100 }
        let notebook = NotebookDocument(path: "experiments/loss.yaml", stem: "loss", title: "Loss", description: nil,
                                        cells: [.experiment(experiment)], contentHash: String(repeating: "12", count: 32))
        let rendered = try ReportWriter.render(notebook: notebook, records: records, context: ReportFixture.context,
                                               charts: ReportFixture.fixedCharts)
        let paths = rendered.charts.map(\.path)
        #expect(Set(paths).count == paths.count, "\(paths)")
        #expect(paths.contains("charts/loss-lr-loss.png") && paths.contains("charts/loss-lr-parameter-loss.png"))
        #expect(paths.contains("charts/loss-lr-learning_rate.png"))
    }

    @Test func aFailedStoreIsReported() {
        #expect(throws: ReportError.self) {
            try ChartJob.renderAll(Self.jobs(6), threads: 2, store: { chart in
                if chart.path.hasSuffix("/3.png") { throw ReportError("disk full") }
            })
        }
    }
}

private final class Box<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func update(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }
}
