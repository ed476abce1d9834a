import ArgumentParser

// PLACEHOLDER: the owning module's developer replaces this file.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Check notebooks without running anything.")

    func run() throws {
        throw ValidationError("'gradbook validate' is not implemented yet")
    }
}
