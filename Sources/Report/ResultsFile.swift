import Core
import Foundation
import Notebook
import Records

/// `results.json`: everything the report knows, for scripts: the notebook, the sweep's metadata,
/// every experiment's ranked variants and a summary of every run (format 2; format 1 embedded
/// every record with its curves, which stay in `runs/*.json` now). `IndexWriter` reads it back to
/// list notebooks.
public struct ResultsFile: Codable, Sendable {
    public struct NotebookInfo: Codable, Sendable {
        public var title: String
        public var description: String?
        public var path: String
        public var sha256: String
    }

    public struct MissingRun: Codable, Sendable {
        public var experiment: String
        public var variant: String
        public var label: String
        public var seed: Int
        public var fold: Int?
        public var owner: String?
    }

    public struct RunInfo: Codable, Sendable {
        public var date: String
        public var command: String
        public var jobs: Int
        public var cores: Int
        public var wallSeconds: Double
        public var incomplete: Bool
        public var missing: [MissingRun]

        enum CodingKeys: String, CodingKey {
            case date, command, jobs, cores, wallSeconds = "wall_seconds", incomplete, missing
        }
    }

    public struct Sweep: Codable, Sendable {
        public var name: String
        public var summary: String
        public var logScale: Bool
        public var categorical: Bool

        enum CodingKeys: String, CodingKey { case name, summary, logScale = "log_scale", categorical }
    }

    /// One point of the sweep aggregated over seeds.
    public struct VariantSummary: Codable, Sendable {
        public var label: String
        public var parameters: [String: ConfigValue]
        public var metricMean: Double?
        public var metricStd: Double?
        public var n: Int
        public var status: String
        public var runs: [String]
        /// The 95% Student t interval of the mean over seeds, `[low, high]`; absent with one seed.
        public var ci95: [Double]?

        enum CodingKeys: String, CodingKey {
            case label, parameters, metricMean = "metric_mean", metricStd = "metric_std", n, status, runs, ci95
        }
    }

    /// Welch's t test of the best variant against the runner-up over their seeds.
    public struct Comparison: Codable, Sendable {
        public var best: String
        public var runnerUp: String
        public var difference: Double
        public var t: Double
        public var df: Double
        public var pValue: Double
        /// Seeds per variant for 80% power at two-sided alpha 0.05 (see `WelchTest.seedsNeeded`).
        public var seedsNeeded: Int?
        public var words: String

        enum CodingKeys: String, CodingKey {
            case best, runnerUp = "runner_up", difference, t, df, pValue = "p_value", seedsNeeded = "seeds_needed", words
        }
    }

    public struct ExperimentEntry: Codable, Sendable {
        public var name: String
        public var method: String
        public var metric: RunConfig.Metric
        public var seeds: [Int]
        public var parameters: [Sweep]
        /// Best first; nil mean for points with no finished run.
        public var variants: [VariantSummary]
        public var best: VariantSummary?
        /// One summary per run; the curves are in each run's record.
        public var runs: [RunSummary]
        /// Parameter, or pair `a:b`, -> share of the variance of the metric, plus `interactions`
        /// and `seed_noise`; the shares sum to 1. Absent when nothing varied.
        public var importance: [String: Double]?
        /// `exact` (functional ANOVA of a full grid) or `forest` (seeded random-forest estimate,
        /// where `seed_noise` is everything the forest does not explain).
        public var importanceMethod: String?
        public var bestVsRunnerUp: Comparison?
        /// The report's "what to try next" sentences.
        public var advice: [String]?

        enum CodingKeys: String, CodingKey {
            case name, method, metric, seeds, parameters, variants, best, runs, importance
            case importanceMethod = "importance_method", bestVsRunnerUp = "best_vs_runner_up", advice
        }
    }

    /// 2 since runs became summaries (`RunSummary`); 1 held whole records.
    public static let currentFormat = 2
    public var formatVersion = ResultsFile.currentFormat
    public var gradbookVersion: String
    public var notebook: NotebookInfo
    public var run: RunInfo
    /// The report beside this file.
    public var report = "report.md"
    public var experiments: [ExperimentEntry]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", gradbookVersion = "gradbook_version", notebook, run, report, experiments
    }

    /// Non-finite numbers (a diverged loss) are written as the strings "nan", "inf", "-inf", as in run records.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    public static func load(path: String) throws -> ResultsFile {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ReportError("cannot read \(path): \(error.localizedDescription)")
        }
        do { return try decoder().decode(ResultsFile.self, from: data) } catch {
            throw ReportError("\(path) is not a gradbook results file: \(error)")
        }
    }
}

extension ResultsFile {
    /// The whole file, every summary built (tests, and the JSONEncoder fallback); the report
    /// writes a `ResultsDraft`, which makes each summary as it is written.
    init(notebook: NotebookDocument, results: [ExperimentResults], context: ReportContext,
         insights: [String: ExperimentInsight] = [:]) {
        self = ResultsDraft(notebook: notebook, results: results, context: context, insights: insights).whole
    }
}
