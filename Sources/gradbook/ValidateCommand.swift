import ArgumentParser
import Foundation
import Notebook
import Search

/// `gradbook validate`: parse, validate and expand notebooks without training or writing anything.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check notebooks without running anything.",
        discussion: "Prints 'ok: <file> (N experiments, M variants)' per valid notebook and every problem as "
            + "'file:line:column: error: message' on standard error. Exit status 2 when any notebook has errors.")

    @Argument(help: "Notebook files (.yaml).")
    var files: [String]

    func run() throws {
        let catalog = DatasetCatalog.shipped
        var failed = false
        for file in files {
            do {
                let document = try NotebookLoader.load(path: file, catalog: catalog)
                print("ok: \(file) (\(document.experiments.count) experiment\(document.experiments.count == 1 ? "" : "s"), \(document.variants.count) variant\(document.variants.count == 1 ? "" : "s"))")
            } catch let errors as NotebookErrors {
                failed = true
                FileHandle.standardError.write(Data((errors.description + "\n").utf8))
            }
        }
        if failed { throw ExitCode(2) }
    }
}
