import ArgumentParser

// PLACEHOLDER: the owning module's developer replaces this file.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Measure the engine on the reference workloads.")

    func run() throws {
        throw ValidationError("'gradbook bench' is not implemented yet")
    }
}
