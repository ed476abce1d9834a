import ArgumentParser

@main
struct Gradbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradbook",
        abstract: "Run neural-network experiment notebooks: sweeps, training, charts and reports.",
        version: "0.1.0",
        subcommands: [
            RunCommand.self, ValidateCommand.self, PlanCommand.self, ReportCommand.self,
            DatasetsCommand.self, BenchCommand.self, SlurmCommand.self, WorkerCommand.self,
        ]
    )
}
