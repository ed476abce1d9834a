import Foundation
import Notebook
@testable import Runner
import Testing

/// The report's data section, derived in the parent from the notebook: rows read, dropped and
/// why, cells filled, class balance per split; one block per distinct data set of an experiment.
struct DataPreparationNotesTests {
    @Test func notesSayWhatWasDroppedImputedAndHowClassesFell() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradbook-notes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var rows = ["a,sex,y"]
        for row in 0..<20 { rows.append("\(row % 7 == 0 ? "NA" : String(row)),\(row % 9 == 0 ? "" : (row % 2 == 0 ? "f" : "m")),\(row < 12 ? "p" : "q")") }
        rows.append("5,f,")
        try (rows.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        let text = """
            title: Notes
            defaults:
              dataset: {csv: d.csv, target: y, validation: 0.25}
              training: {epochs: 1}
            cells:
              - experiment:
                  name: drop
                  dataset: {missing: drop}
              - experiment:
                  name: impute
                  dataset: {missing: impute}
                  parameters:
                    dataset.impute: {values: [mean, median]}
            """
        let notebook = try NotebookLoader.load(bytes: Array(text.utf8), path: folder.appendingPathComponent("n.yaml").path,
                                               catalog: DatasetCatalog(tasks: [:]))
        let notes = DataPreparationNotes.notes(for: notebook)
        let drop = try #require(notes["drop"])
        #expect(drop.hasPrefix("`d.csv`: 21 rows read, 6 dropped (1 for a missing target, 5 for a missing feature, as `missing: drop` asks), 15 used."),
                "\(drop)")
        #expect(drop.contains("Missing cells as read: a 3, sex 3, y 1."), "\(drop)")
        #expect(drop.contains("| split | p | q | rows |\n| --- | ---: | ---: | ---: |\n| train |"), "\(drop)")
        let impute = try #require(notes["impute"])
        #expect(impute.hasPrefix("**impute=mean**: `d.csv`: 21 rows read, 1 dropped (1 for a missing target), 20 used."), "\(impute)")
        #expect(impute.contains("**impute=median**: "), "\(impute)")
        #expect(impute.contains("Cells filled, from training-split statistics only: a 3 cells (mean "), "\(impute)")
        #expect(impute.contains("sex 3 cells (most frequent '"), "\(impute)")
    }
}
