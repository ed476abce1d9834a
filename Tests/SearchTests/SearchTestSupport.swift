import Core
import Foundation
import Notebook
import Records
import Search

let searchCatalog = DatasetCatalog(tasks: ["moons": .classification, "digits": .classification],
                                   shapes: ["moons": (1000, 2, 2), "digits": (1797, 64, 10)])

/// Loads notebook text through the standard planner (the path `gradbook run` takes).
func loadNotebook(_ text: String) throws -> NotebookDocument {
    try NotebookLoader.load(bytes: Array(text.utf8), path: "/tmp/search-tests/notebook.yaml", catalog: searchCatalog)
}

/// A single-experiment notebook on moons sweeping `parameters` (YAML lines, indented by two).
func notebook(method: String, extra: String = "", parameters: String) -> String {
    """
    title: search seam
    dataset: {name: moons}
    training: {epochs: 2}
    method: \(method)
    \(extra)
    parameters:
    \(parameters)
    """
}

/// A finished run of `variant` whose ranking metric is `value`: a record as the Runner writes it.
func record(of variant: Variant, value: Double, status: RunStatus = .ok) -> RunRecord {
    RunRecord(experiment: variant.experiment, variant: variant.id, label: variant.label, seed: variant.seed,
              parameters: Dictionary(uniqueKeysWithValues: variant.parameters.map { ($0.name, $0.value) }),
              config: variant.resolved, outcome: RunOutcome(status: status, finalMetrics: ["val_accuracy": value]),
              finishedAt: "2025-01-01T00:00:00Z")
}
