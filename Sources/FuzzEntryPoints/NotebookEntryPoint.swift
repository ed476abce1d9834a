import Core
import Datasets
import Foundation
import Notebook
import Search

extension FuzzEntryPoints {
    /// Column names every CSV path of a fuzzed notebook is given: the notebook's column checks run
    /// without any CSV being read (the CSV loader has its own target).
    static let notebookColumns = ["x", "y", "z", "label", "species", "bill_length_mm", "target", "column1"]

    /// The catalogue `gradbook validate` uses (the shipped data sets' tasks and shapes), with the
    /// CSV header reader replaced by the fixed columns above.
    static let notebookCatalog: DatasetCatalog = {
        var tasks: [String: LearningTask] = [:]
        var shapes: [String: (samples: Int, features: Int, outputs: Int)] = [:]
        for info in DatasetLoader.catalog {
            tasks[info.name] = info.task
            shapes[info.name] = (info.samples, info.features, info.outputs)
        }
        let columns = notebookColumns
        return DatasetCatalog(tasks: tasks, shapes: shapes, csvColumns: { _ in columns })
    }()

    /// Where a fuzzed notebook "lives": the data paths the committed notebooks use exist there as
    /// empty files, so path checks pass and the loader goes on to the column checks.
    static let notebookPath: String = {
        let manager = FileManager.default
        for folder in ["notebook/data", "data"] {
            try? manager.createDirectory(atPath: FuzzScratch.root + "/" + folder, withIntermediateDirectories: true)
        }
        for file in ["data/tiny.csv", "notebook/data/penguins.csv", "notebook/data/mine.csv", "notebook/data.csv"] {
            _ = manager.createFile(atPath: FuzzScratch.root + "/" + file, contents: Data())
        }
        return FuzzScratch.root + "/notebook/fuzz.yaml"
    }()

    /// Notebook bytes -> validated plan, as `gradbook validate` and `plan` load a file: YAML
    /// parsing, schema checks, sweep planning (grid, random, W&B grammar), variant ids and cost.
    /// Returns the number of variants planned, or nil when the notebook was refused.
    @discardableResult
    public static func notebook(_ bytes: [UInt8]) -> Int? {
        do {
            let document = try NotebookLoader.load(bytes: bytes, path: notebookPath, catalog: notebookCatalog)
            return document.variants.count
        } catch {
            _ = String(describing: error)  // the diagnostics' text is built too, as the CLI prints it
            return nil
        }
    }
}
