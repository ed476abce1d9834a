import Core
import Foundation
import Notebook
import Records

/// A notebook's TensorBoard log: `<directory>/tensorboard/`, which `tensorboard --logdir` opens.
///
///     tensorboard/events.out.tfevents.gradbook                      the HParams experiment
///     tensorboard/<experiment>/<variant id>/events.out.tfevents.gradbook   one run (one seed)
///
/// A variant id already names one seed of one point, so every run of the sweep is one TensorBoard
/// run and one HParams session; `seed` and `label` are hparams. The experiment sits in the log's
/// root run, where the hparams plugin looks for it, and declares every swept parameter and the
/// final metrics (the experiment's own metric first). Everything is derived from the records, so
/// `gradbook report` regenerates the same bytes, shards merged from Slurm included.
public enum TensorBoardExport {
    public static let folderName = "tensorboard"
    /// One fixed name per run: a regenerated file replaces the old one instead of adding a second.
    static let fileName = "events.out.tfevents.gradbook"

    public struct Summary: Sendable {
        /// Event files whose bytes changed (or were new) and were written.
        public var written: Int
        /// Event files already on disk with the same bytes, left untouched.
        public var unchanged: Int
    }

    /// Writes the log of `records` (the notebook's current plan) under `directory`. Each file is
    /// written atomically (see `EventFileBatch`) and only when its bytes differ from what is on disk.
    @discardableResult
    public static func write(notebook: NotebookDocument, records: [RunRecord], directory: String) throws -> Summary {
        let root = "\(directory)/\(folderName)"
        let files = eventFiles(notebook: notebook, records: records)
        var changed: [(path: String, bytes: [UInt8])] = []
        for (path, bytes) in files {
            let full = "\(root)/\(path)"
            if let existing = FileManager.default.contents(atPath: full), existing.elementsEqual(bytes) { continue }
            changed.append((full, bytes))
        }
        try EventFileBatch.write(changed)
        return Summary(written: changed.count, unchanged: files.count - changed.count)
    }

    /// Every event file of the log as (path relative to `tensorboard/`, bytes), the experiment first.
    static func eventFiles(notebook: NotebookDocument, records: [RunRecord]) -> [(path: String, bytes: [UInt8])] {
        let experiments = notebook.experiments
        let several = experiments.count > 1
        var files: [(path: String, bytes: [UInt8])] = [(fileName, experimentFile(notebook: notebook, records: records))]
        for record in records {
            let extra: [(name: String, value: HParamsPluginData.Value)] = several ? [("experiment", .string(record.experiment))] : []
            files.append(("\(record.experiment)/\(record.variant)/\(fileName)", RunEventLog.encode(record, extra: extra)))
        }
        return files
    }

    static func experimentFile(notebook: NotebookDocument, records: [RunRecord]) -> [UInt8] {
        let created = records.map { RunTimeline(record: $0).start }.min() ?? 0
        let content = HParamsPluginData.experiment(
            name: notebook.stem, description: notebook.title, timeCreated: created,
            hparams: ExperimentDeclaration.hparams(notebook: notebook, records: records),
            metrics: ExperimentDeclaration.metrics(notebook: notebook, records: records))
        var file = TFRecordFile()
        file.append(TensorBoardEvent.fileVersion(wallTime: created))
        file.append(TensorBoardEvent.pluginData(tag: HParamsPluginData.experimentTag, plugin: HParamsPluginData.pluginName,
                                                content: content, step: 0, wallTime: created))
        return file.bytes
    }
}
