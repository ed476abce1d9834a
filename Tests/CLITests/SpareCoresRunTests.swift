import Foundation
import Records
import Testing

/// Idle workers lend their cores to the runs still training (Runner's `SpareCores`): a notebook
/// with fewer runs than `--jobs` trains its run on several threads, with the numbers of one thread.
struct SpareCoresRunTests {
    static let notebook = """
    title: Tiny
    defaults:
      dataset: {name: moons, n: 160, validation: 0.25, seed: 0}
      model: {hidden: [512, 512], activation: tanh}
      training: {optimizer: adam, batch_size: 32, epochs: 3, seed: 2, save: none}
    cells:
      - experiment:
          name: alone
    """

    /// 512 x 512 in batches of 32: the largest product is just big enough to be split.
    @Test func aLoneRunTrainsOnTheIdleCoresWithTheSameNumbers() throws {
        let space = try Workspace()
        defer { space.remove() }
        let path = try space.write(Self.notebook)
        let one = try GradbookProcess.run(["run", path, "--out", "one", "--jobs", "1", "--no-progress"], in: space.folder)
        let two = try GradbookProcess.run(["run", path, "--out", "two", "--jobs", "2", "--no-progress"], in: space.folder)
        #expect(one.status == 0 && two.status == 0, "\(one.stderr)\(two.stderr)")
        let single = try #require(try space.records("one").first)
        let lent = try #require(try space.records("two").first)
        #expect(single.outcome.threads == nil)
        #expect(lent.outcome.threads == 2, "the second worker's core goes to the only run")
        #expect(single.epochs.count == 3)
        #expect(lent.epochs == single.epochs, "curves and layer statistics bit for bit")
        #expect(lent.outcome.finalMetrics == single.outcome.finalMetrics)
        #expect(try BayesRunTests.results(space, "two") == BayesRunTests.results(space, "one"))
    }
}
