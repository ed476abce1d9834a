import ArgumentParser

// PLACEHOLDER: the owning module's developer replaces this file.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "Show the expanded variants of a notebook.")

    func run() throws {
        throw ValidationError("'gradbook plan' is not implemented yet")
    }
}
