import Foundation
import Testing

/// The live report of a running sweep: in progress while it runs, whole after a SIGKILL.
@Suite(.serialized) struct LiveReportTests {
    let hang = "GRADBOOK_TEST_HANG_VARIANT"

    @Test func aRunningSweepShowsAnInProgressReportThatSurvivesSIGKILL() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        // One worker; `slow` (scheduled last) hangs, so the sweep stays at 4 of 5 runs.
        let running = try GradbookProcess(["run", notebook, "--out", "out", "--jobs", "1", "--no-progress", "--report-every", "1s"],
                                          in: space.folder, environment: space.markerEnvironment.merging([hang: "slow"]) { $1 })
        let report = "\(space.folder)/out/tiny/report.md"
        func text() -> String { (try? String(contentsOfFile: report, encoding: .utf8)) ?? "" }
        // results.json is the last file a render writes: once it is as new as report.md, that render is whole.
        func modified(_ name: String) -> Date? {
            (try? FileManager.default.attributesOfItem(atPath: "\(space.folder)/out/tiny/\(name)"))?[.modificationDate] as? Date
        }
        space.waitUntil {
            guard text().contains("In progress: 4 of 5 runs"), let md = modified("report.md"), let json = modified("results.json") else { return false }
            return json >= md
        }
        #expect(text().contains("In progress: 4 of 5 runs, expected to finish at "), "\(text().prefix(600))")
        #expect(running.process.isRunning, "the sweep is still running while its report is readable")
        running.signal(SIGKILL)
        #expect(running.wait() == 128 + SIGKILL)
        space.waitUntil { space.markedProcesses().isEmpty }

        // What the kill left is the last whole render: Markdown, a notebook that parses, charts it links.
        let markdown = text()
        #expect(markdown.contains("In progress: 4 of 5 runs"))
        #expect(markdown.hasSuffix("\n") && markdown.contains("## Run metadata"))
        let notebookData = try Data(contentsOf: URL(fileURLWithPath: "\(space.folder)/out/tiny/report.ipynb"))
        let parsed = try JSONSerialization.jsonObject(with: notebookData) as? [String: Any]
        #expect(parsed?["cells"] != nil)
        for link in markdown.components(separatedBy: "](charts/").dropFirst() {
            let name = String(link.prefix { $0 != ")" })
            #expect(FileManager.default.fileExists(atPath: "\(space.folder)/out/tiny/charts/\(name)"), "\(name)")
        }
    }

    @Test func zeroTurnsTheLiveReportOff() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write()
        let running = try GradbookProcess(["run", notebook, "--out", "out", "--jobs", "1", "--no-progress", "--report-every", "0"],
                                          in: space.folder, environment: space.markerEnvironment.merging([hang: "slow"]) { $1 })
        space.waitUntil { space.recordFiles("out", experiment: "grid").count == 4 }
        usleep(1_500_000)
        #expect(!FileManager.default.fileExists(atPath: "\(space.folder)/out/tiny/report.md"))
        running.signal(SIGKILL)
        _ = running.wait()
        space.waitUntil { space.markedProcesses().isEmpty }
    }
}
