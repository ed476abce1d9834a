import App
import ArgumentParser
import Foundation

@main
struct Gradbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradbook",
        abstract: "Run neural-network experiment notebooks: sweeps, training, charts and reports.",
        discussion: """
            Exit status of every command: 0 success; 1 a run failed or timed out, or a report, index \
            or submission could not be written; 2 invalid input (a notebook, a data file or an option \
            value: nothing is trained or written); 130 interrupted.
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, ValidateCommand.self, PlanCommand.self, ReportCommand.self,
            DatasetsCommand.self, BenchCommand.self, SlurmCommand.self, WorkerCommand.self,
        ]
    )

    /// ArgumentParser exits 64 on a bad option value; gradbook's one policy is 2 for every invalid
    /// input, an option as much as a notebook, with the message and the command's usage.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let invalid as InvalidInput {
            StandardError.write(invalid.description)
            Foundation.exit(ExitDisposition.invalidInput.rawValue)
        } catch {
            if exitCode(for: error) == .validationFailure {
                StandardError.write(fullMessage(for: error))
                Foundation.exit(ExitDisposition.invalidInput.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// The CLI's one way to standard error: diagnostics, notes and summaries (stdout is for results).
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func write(lines: [String], prefix: String = "") {
        for line in lines { write(prefix + line) }
    }
}

extension ExitDisposition {
    /// Ends the command with this status (nothing to throw for success).
    func exit() throws {
        if self != .success { throw ExitCode(rawValue) }
    }
}
