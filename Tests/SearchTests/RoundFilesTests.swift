import Foundation
import Notebook
import Records
import Search
import Testing

/// Round files (`rounds/<experiment>/<r>.json`): the first proposer writes, later ones with the
/// same records must agree, a proposal from changed records replaces the file.
struct RoundFilesTests {
    func variant(_ id: String) -> Variant {
        Variant(id: id, experiment: "e", label: "lr=\(id)", seed: 1, parameters: [], config: RunConfig(), resolved: .map([]), cost: 1)
    }

    @Test func writtenOnceCheckedAfterAndReplacedWhenItsRecordsChanged() throws {
        let folder = NSTemporaryDirectory() + "gradbook-rounds-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rounds = RoundFiles(directory: folder)
        let told = [record(of: variant("a"), value: 0.5), record(of: variant("b"), value: 0.75)]
        let basis = RoundFiles.basis(of: told, metric: "val_accuracy", search: "s")
        #expect(basis == RoundFiles.basis(of: told.reversed(), metric: "val_accuracy", search: "s"), "the order runs ended in does not matter")
        try rounds.settle(experiment: "e", round: 1, basis: basis, variants: [variant("c"), variant("d")], points: [])
        let path = rounds.path(experiment: "e", round: 1)
        #expect(path == "\(folder)/rounds/e/1.json")
        let written = try #require(FileManager.default.contents(atPath: path))
        #expect(rounds.load(experiment: "e", round: 1)?.ids == ["c", "d"])

        // The same proposal again (another task, a resume): the file stays as it is.
        try rounds.settle(experiment: "e", round: 1, basis: basis, variants: [variant("c"), variant("d")], points: [])
        #expect(FileManager.default.contents(atPath: path) == written)

        // Another proposal from the same records (another build): refused, the file kept.
        #expect(throws: RoundMismatch.self) {
            try rounds.settle(experiment: "e", round: 1, basis: basis, variants: [variant("c"), variant("x")], points: [])
        }
        #expect(FileManager.default.contents(atPath: path) == written)

        // A value one bit off is another basis: the records changed, so the round may too.
        var changed = told
        changed[1].outcome.finalMetrics["val_accuracy"] = 0.75.nextUp
        let other = RoundFiles.basis(of: changed, metric: "val_accuracy", search: "s")
        #expect(other != basis)
        // So is another search (an edited space) over the same records, and a cut run's band.
        #expect(RoundFiles.basis(of: told, metric: "val_accuracy", search: "t") != basis)
        var cut = told
        cut[0].outcome.status = .terminated
        cut[0].outcome.termination = Termination(band: 3, value: 0.5, cutoff: 0.6, kept: 1, configurations: 3)
        var later = cut
        later[0].outcome.termination?.band = 9
        #expect(RoundFiles.basis(of: cut, metric: "val_accuracy", search: "s") != RoundFiles.basis(of: later, metric: "val_accuracy", search: "s"))
        try rounds.settle(experiment: "e", round: 1, basis: other, variants: [variant("c"), variant("x")], points: [])
        #expect(rounds.load(experiment: "e", round: 1)?.ids == ["c", "x"])
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(folder)/rounds/e") == ["1.json"])
    }
}
