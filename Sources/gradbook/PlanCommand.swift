import App
import ArgumentParser
import Foundation
import Notebook
import Search

/// `gradbook plan`: the variants a notebook expands to, per experiment, with a rough cost.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the expanded variants of a notebook.",
        discussion: "Lists every variant (id, label, swept parameters) per experiment, the counts, and a "
            + "relative cost (parameters x training samples x epochs, summed). Exit status 2 for invalid input "
            + "(notebook or option), 0 otherwise.")

    @Argument(help: "A notebook file (.yaml).")
    var file: String

    func run() throws {
        let (document, warnings) = try NotebookInput.load(file: file, budget: .check)
        StandardError.write(lines: warnings)
        print("\(document.title)  (\(file))")
        var total = 0.0
        for experiment in document.experiments {
            print("")
            let seeds = experiment.seeds.map(String.init).joined(separator: ", ")
            print("experiment \(experiment.name): \(experiment.method), \(experiment.variants.count) variants, seeds [\(seeds)], metric \(experiment.metric.name) (\(experiment.metric.goal))")
            for sweep in experiment.parameters { print("  \(sweep.name): \(sweep.summary)") }
            let rows = experiment.variants.map { variant in
                [variant.id, variant.label,
                 variant.parameters.map { "\($0.name)=\($0.value.compactDescription)" }.joined(separator: " "),
                 Self.scientific(variant.cost)]
            }
            print(Self.table(header: ["id", "label", "parameters", "cost"], rows: rows))
            let cost = experiment.variants.reduce(0) { $0 + $1.cost }
            total += cost
            print("  \(experiment.variants.count) variants, cost \(Self.scientific(cost))")
        }
        print("")
        print("total: \(document.experiments.count) experiment\(document.experiments.count == 1 ? "" : "s"), \(document.variants.count) variants, cost \(Self.scientific(total)) (parameters x samples x epochs; ~\(Self.scientific(total * 6)) flops)")
    }

    static func scientific(_ value: Double) -> String { String(format: "%.3g", value) }

    static func table(header: [String], rows: [[String]]) -> String {
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            var text = "  " + cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(separator: "\n")
    }
}
