import ArgumentParser

// PLACEHOLDER: the owning module's developer replaces this file.
struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "slurm", abstract: "Write (and submit) Slurm job-array scripts for a notebook.")

    func run() throws {
        throw ValidationError("'gradbook slurm' is not implemented yet")
    }
}
