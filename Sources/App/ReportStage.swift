import Core
import Foundation
import Notebook
import Records
import Report
import Runner
import Search

/// The last stage of `gradbook run` and all of `gradbook report`: the stored records of the plan,
/// the derived best-weights holders, the missing runs and their owners, then the report files.
enum ReportStage {
    struct Result {
        /// The notebook with every round its records decide (before budget stops trim it).
        var proposed: NotebookDocument
        /// The records of the notebook's current plan (what the report shows).
        var records: [RunRecord]
        /// Stored records left out because the plan no longer has their variant.
        var leftOut: Int
        var missing: [MissingRun]
        /// Where a budget ended an experiment's search, by experiment.
        var stops: [String: SearchStop] = [:]
        var bestWeights: [String: BestWeightsPointer]
        var problems: [String]
        /// Why the report could not be written, if it could not.
        var writeError: String?
    }

    /// `context` receives the plan's records and missing runs and states the sweep's facts.
    /// `replayingRounds`: the notebook's adaptive rounds are replayed from the records read here
    /// (`gradbook report`; `gradbook run` passes the plan its search loop already has).
    static func write(notebook: NotebookDocument, directory: String, tasks: Int?, replayingRounds: Bool = false,
                      context: ([RunRecord], [MissingRun]) -> ReportContext) throws -> Result {
        let store = RunRecordStore(directory: directory)
        var scan = try ReportRecords.sampledScan(store, notebook: notebook)
        // An adaptive search's plan is the rounds its stored records decide.
        let proposed = replayingRounds ? try RoundLoop.replay(notebook, records: scan.records, stored: RoundFiles(directory: directory)) : notebook
        scan.records = ReportRecords.completingBest(scan.records, notebook: proposed, store: store)
        // Proposals a budget did not let start are not part of the plan (nor missing).
        let stops = BudgetStops.resolve(proposed, records: scan.records, timeStops: store.loadSearchStops())
        let notebook = BudgetStops.trimming(proposed, to: stops, records: scan.records)
        let planned = PlannedRecords(variants: notebook.variants, records: scan.records)
        let records = planned.keeping(scan.records)
        let settlement = BestWeights.settle(notebook: notebook, planned: planned, store: store)
        let missing = MissingRun.find(in: notebook, planned: planned, tasks: tasks)
        var report = context(records, missing)
        report.missing = missing.map { ($0.variant, $0.owner) }
        report.bestWeights = settlement.holders
        report.dataNotes = DataPreparationNotes.notes(for: notebook)
        report.residualWithoutBlocks = IdleResidual.variantIDs(in: notebook)
        report.searchStops = stops
        var result = Result(proposed: proposed, records: records, leftOut: scan.records.count - records.count, missing: missing,
                            bestWeights: settlement.holders, problems: scan.problems + settlement.problems)
        result.stops = stops
        do {
            try ReportWriter.write(notebook: notebook, records: records, directory: directory, context: report)
        } catch {
            result.writeError = "\(notebook.path): cannot write the report in \(directory): \(error)"
        }
        return result
    }
}
