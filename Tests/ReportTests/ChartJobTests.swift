import Foundation
import Testing
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
