import ArgumentParser
import Runner

/// `gradbook worker`: started by `gradbook run`, never by hand. Reads JSON-line jobs on standard
/// input and answers with progress and results on standard output (see `WorkerProtocol.swift`).
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Internal: train variants sent on standard input.", shouldDisplay: false)

    func run() throws {
        let status = WorkerLoop.run()
        if status != 0 { throw ExitCode(status) }
    }
}
