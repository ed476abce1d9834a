import ArgumentParser

// PLACEHOLDER: the owning module's developer replaces this file.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Re-render a notebook's report from its stored runs.")

    func run() throws {
        throw ValidationError("'gradbook report' is not implemented yet")
    }
}
