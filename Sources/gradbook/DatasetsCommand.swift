import ArgumentParser

// PLACEHOLDER: the owning module's developer replaces this file.
struct DatasetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "datasets", abstract: "List the built-in and shipped data sets.")

    func run() throws {
        throw ValidationError("'gradbook datasets' is not implemented yet")
    }
}
