import ArgumentParser

// PLACEHOLDER: the owning module's developer replaces this file.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "worker", abstract: "Internal: train variants sent on standard input.", shouldDisplay: false)

    func run() throws {
        throw ValidationError("'gradbook worker' is not implemented yet")
    }
}
