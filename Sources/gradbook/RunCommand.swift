import ArgumentParser

// PLACEHOLDER: the owning module's developer replaces this file.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Train every variant of a notebook and write its report.")

    func run() throws {
        throw ValidationError("'gradbook run' is not implemented yet")
    }
}
