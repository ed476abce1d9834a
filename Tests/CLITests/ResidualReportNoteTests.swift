import Foundation
import Testing

/// `model.residual: true` in a variant with no block to wrap trains without skips: the report's
/// experiment section says so, naming the variants (the preflight's rule, `IdleResidual`).
struct ResidualReportNoteTests {
    @Test func theReportNamesTheVariantsWhereResidualHadNoBlock() throws {
        let space = try Workspace()
        defer { space.remove() }
        let notebook = try space.write("""
            title: Skips
            defaults:
              dataset: {name: moons, n: 60}
              model: {hidden: [8, 4], residual: true}
              training: {epochs: 1, batch_size: 16, save: none}
            cells:
              - experiment:
                  name: some
                  parameters:
                    model.hidden: {values: [[8, 4], [8, 8]]}
                    model.residual: {values: [true, false]}
              - experiment:
                  name: all-wrap
                  model: {hidden: [8, 8]}
            """, name: "skips.yaml")
        let result = try GradbookProcess.run(["run", notebook, "--out", "out", "--no-progress"], in: space.folder)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try String(contentsOfFile: "\(space.folder)/out/skips/report.md", encoding: .utf8)
        let sections = report.components(separatedBy: "### Experiment ")
        let some = try #require(sections.first { $0.hasPrefix("`some`") })
        let allWrap = try #require(sections.first { $0.hasPrefix("`all-wrap`") })
        #expect(some.contains("`model.residual: true` has no block to act on in 1 of the 2 variants that set it "
            + "(`hidden=8x4 residual=true`): no hidden layer there keeps its input's width"), "\(some)")
        #expect(!allWrap.contains("no block to act on"))
    }
}
