import App
import ArgumentParser

/// `gradbook validate`: parse, validate and expand notebooks without training or writing anything.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check notebooks without running anything.",
        discussion: "Prints 'ok: <file> (N experiments, M variants)' per valid notebook and every problem as "
            + "'file:line:column: error: message' on standard error; every data set is opened and every variant's memory "
            + "estimated (a variant that cannot fit this machine is an error, one that fits only with fewer --jobs a warning). "
            + "Exit status 2 when any notebook has errors "
            + "(or an option is invalid), 0 otherwise.")

    @Argument(help: "Notebook files (.yaml).")
    var files: [String]

    func run() throws {
        let checks = NotebookInput.check(files: files, budget: .check)
        for check in checks {
            guard let document = check.document else {
                StandardError.write(lines: check.problems)
                continue
            }
            StandardError.write(lines: check.warnings)
            let (experiments, variants) = (document.experiments.count, document.variants.count)
            print("ok: \(check.file) (\(experiments) experiment\(experiments == 1 ? "" : "s"), "
                  + "\(variants) variant\(variants == 1 ? "" : "s"))")
        }
        if checks.contains(where: { $0.document == nil }) { throw ExitCode(ExitDisposition.invalidInput.rawValue) }
    }
}
