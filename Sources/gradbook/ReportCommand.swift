import App
import ArgumentParser

/// `gradbook report`: re-render a notebook's report, charts and exports from its stored runs
/// without training, e.g. after editing a markdown cell or while shards are still running.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Re-render a notebook's report from its stored runs.",
        discussion: """
            Reads <out>/<notebook>/runs/ and rewrites report.md, report.ipynb, results.csv, \
            results.json and charts/ there (and tensorboard/ with --tensorboard); nothing is trained. Planned runs without a record are \
            listed as missing (with --shards N, together with the Slurm array task that owns each). \
            Exit status: 0 when the report was written, 1 when it could not be, 2 for invalid input \
            (notebook or option).
            """)

    @Argument(help: "The notebook (.yaml) whose report to re-render.")
    var notebook: String

    @Option(name: .long, help: "Output folder, as given to 'gradbook run'; the report is in <out>/<notebook name>/.")
    var out: String = "reports"

    @Option(name: .long, help: "The sweep ran as a Slurm array of N shards: name the array task owning each missing run.",
            transform: OptionValues.positive)
    var shards: Int?

    @Flag(name: .long, help: "Also write TensorBoard event files to <out>/<notebook>/tensorboard/ (as 'tensorboard: true' does).")
    var tensorboard = false

    func run() throws {
        let outcome = try ReportService.render(.init(notebook: notebook, out: out, shards: shards, tensorboard: tensorboard))
        let result = outcome.notebook
        StandardError.write(lines: result.problems, prefix: "warning: ")
        if result.leftOut > 0 {
            StandardError.write("note: \(result.leftOut) stored runs are not in the notebook's current plan and were left out")
        }
        if let error = result.reportError ?? outcome.index.error {
            StandardError.write("error: \(error)")
        } else {
            var line = "\(result.stem): \(result.records.count) of \(result.planned) runs recorded"
            if !result.missing.isEmpty { line += ", \(result.missing.count) missing" }
            StandardError.write(line + "; report: \(result.reportPath)")
        }
        try outcome.disposition.exit()
    }
}
