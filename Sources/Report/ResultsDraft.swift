import Core
import Foundation
import Notebook
import Records

/// results.json before it is written: the file without its runs, variants and missing runs
/// (`stub`), and what those lists are made of. Writing it makes each summary as it goes, so a 100,000-run
/// sweep never holds 100,000 run summaries beside the records they copy (~65 MB at its peak).
struct ResultsDraft: Sendable {
    let stub: ResultsFile
    /// The runs not recorded (`run.missing`, empty in the stub).
    let missing: [ResultsFile.MissingRun]
    let results: [ExperimentResults]
    let insights: [String: ExperimentInsight]

    init(notebook: NotebookDocument, results: [ExperimentResults], context: ReportContext,
         insights: [String: ExperimentInsight] = [:]) {
        self.results = results
        self.insights = insights
        let info = ResultsFile.NotebookInfo(title: notebook.title, description: notebook.description,
                                            path: notebook.path, sha256: notebook.contentHash)
        missing = context.missing.map {
            ResultsFile.MissingRun(experiment: $0.variant.experiment, variant: $0.variant.id, label: $0.variant.label,
                                   seed: $0.variant.seed, fold: $0.variant.fold, owner: $0.owner)
        }
        let run = ResultsFile.RunInfo(date: context.date, command: context.command, jobs: context.jobs, cores: context.cores,
                                      wallSeconds: context.wallSeconds, incomplete: context.incomplete, missing: [])
        let experiments = results.map { Self.entry($0, insight: insights[$0.experiment.name]) }
        stub = ResultsFile(gradbookVersion: GradbookVersion.current, notebook: info, run: run, experiments: experiments)
    }

    /// The runs of experiment `index`, as results.json lists them.
    func runs(_ index: Int) -> LazyMapSequence<[RunRecord], ResultsFile.RunSummary> {
        results[index].records.lazy.map(ResultsFile.RunSummary.init)
    }

    /// The variants of experiment `index`, best first.
    func variants(_ index: Int) -> LazyMapSequence<[RunGroup], ResultsFile.VariantSummary> {
        let insight = insights[results[index].experiment.name]
        return results[index].groups.lazy.map { Self.summary($0, insight: insight) }
    }

    /// The file with every summary built.
    var whole: ResultsFile {
        var file = stub
        file.run.missing = missing
        for index in file.experiments.indices {
            file.experiments[index].runs = Array(runs(index))
            file.experiments[index].variants = Array(variants(index))
        }
        return file
    }

    /// results.json's bytes, without the final newline.
    func encodedBytes() throws -> [UInt8] {
        try ResultsFile.encodedBytes(stub: stub, missing: missing, runs: runs, variants: variants) { whole }
    }

    /// The bytes and the final newline, into `file` a megabyte at a time.
    func write(into file: StagedFile, spillAt: Int = 1 << 20) throws {
        try ResultsFile.write(into: file, spillAt: spillAt, stub: stub, missing: missing, runs: runs, variants: variants) { whole }
    }

    /// An experiment's entry with its two lists empty (its best variant included).
    private static func entry(_ result: ExperimentResults, insight: ExperimentInsight?) -> ResultsFile.ExperimentEntry {
        var entry = ResultsFile.ExperimentEntry(
            name: result.experiment.name, method: result.experiment.method.rawValue, metric: result.metric,
            seeds: result.experiment.seeds,
            parameters: result.experiment.parameters.map {
                ResultsFile.Sweep(name: $0.name, summary: $0.summary, logScale: $0.isLogScale, categorical: $0.isCategorical)
            },
            variants: [], best: result.best.map { summary($0, insight: insight) }, runs: [])
        if let importance = insight?.importance {
            var shares = Dictionary(importance.shares.map { ($0.key, $0.share) }, uniquingKeysWith: { a, _ in a })
            shares["interactions"] = importance.interactions
            shares["seed_noise"] = importance.seedNoise
            entry.importance = shares
            entry.importanceMethod = importance.method == .exact ? "exact" : "forest"
        }
        if let comparison = insight?.comparison, let test = comparison.test, let words = insight?.comparisonWords {
            entry.bestVsRunnerUp = ResultsFile.Comparison(best: comparison.best, runnerUp: comparison.runnerUp, difference: test.difference,
                                                          t: test.t, df: test.df, pValue: test.pValue, seedsNeeded: test.seedsNeeded,
                                                          words: words)
        }
        entry.advice = insight?.advice
        return entry
    }

    private static func summary(_ group: RunGroup, insight: ExperimentInsight?) -> ResultsFile.VariantSummary {
        ResultsFile.VariantSummary(label: group.label,
                                   parameters: Dictionary(group.values.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }),
                                   metricMean: group.stats?.mean, metricStd: group.stats?.std, n: group.stats?.n ?? 0,
                                   status: group.statusSummary, runs: group.records.map(\.variant),
                                   ci95: insight?.intervals[group.key].map { [$0.low, $0.high] })
    }
}
