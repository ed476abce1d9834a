import Core
import Foundation
import Notebook
import Records

/// The records a report reads, held within a fixed memory budget however large the sweep: every
/// record light (status, final metrics, parameters, seconds) and the curves of at most about
/// `CurveSample.recordLimit` runs per experiment (a deterministic sample by variant id, see
/// `CurveSample`) plus those of the best variants, which the loss chart highlights. Sweeps up to
/// the limit keep every curve, so their reports are what they were before.
public enum ReportRecords {
    /// Reads `store` for a report of `notebook`. With TensorBoard export every curve is kept (the
    /// event files hold every run's curves).
    /// A `cache` kept from scan to scan (the live report's) reads only new records.
    public static func scan(_ store: RunRecordStore, notebook: NotebookDocument,
                            cache: RecordScanCache? = nil) throws -> RunRecordStore.Scan {
        var scan = try sampledScan(store, notebook: notebook, cache: cache)
        scan.records = completingBest(scan.records, notebook: notebook, store: store)
        return scan
    }

    /// `scan` before the best variants are completed: every record, the sampled ones with curves.
    /// `gradbook report` replays an adaptive search's rounds from these (the rounds need no
    /// curves), then completes the best of the replayed plan, reading runs/ once.
    public static func sampledScan(_ store: RunRecordStore, notebook: NotebookDocument,
                                   cache: RecordScanCache? = nil) throws -> RunRecordStore.Scan {
        if notebook.tensorboard { return try store.scan(keepingCurves: { _, _ in true }, cache: cache) }
        // A report reads the plan's configurations, never a record's: records are read without theirs.
        return try store.scan(keepingCurves: { variant, count in CurveSample.keeps(variant, of: count, limit: CurveSample.recordLimit) },
                              keepingConfigurations: false, cache: cache)
    }

    /// The records of each experiment's highlighted (best) variants re-read with their curves.
    public static func completingBest(_ records: [RunRecord], notebook: NotebookDocument, store: RunRecordStore) -> [RunRecord] {
        guard records.contains(where: { !$0.hasCurves }) else { return records }
        var wanted: Set<RunKey> = []
        for experiment in notebook.experiments {
            let results = ExperimentResults(experiment: experiment, records: records)
            for group in results.ranked.prefix(ExperimentCharts.highlightLimit) {
                for record in group.records where !record.hasCurves { wanted.insert(RunKey(record)) }
            }
        }
        guard !wanted.isEmpty else { return records }
        return records.map { record in
            guard wanted.contains(RunKey(record)),
                  let full = store.load(experiment: record.experiment, variant: record.variant) else { return record }
            return full
        }
    }
}
