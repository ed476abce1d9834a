import Core
import Datasets
import Notebook
import Runner

extension Preflight {
    /// `model.residual: true` wraps the hidden layers that keep their input's width; with none it
    /// does nothing. That is a warning for the variants where it happens (a width sweep may mix
    /// both), and an error when it happens in every residual variant of an experiment, since then
    /// the key cannot be what the experiment meant.
    static func checkResidual(_ variants: [Variant], notebook: NotebookDocument,
                              shapes: [DatasetSpec: Result<DatasetShape, Error>], into findings: inout Findings) {
        var byExperiment: [String: [(Variant, [Int])]] = [:]
        var order: [String] = []
        for variant in variants where variant.config.model.residual {
            let spec = EngineMapping.datasetSpec(variant.config.dataset, model: variant.config.model)
            guard case .success(let shape)? = shapes[spec] else { continue }
            if byExperiment[variant.experiment] == nil { order.append(variant.experiment) }
            byExperiment[variant.experiment, default: []].append((variant, [shape.features] + variant.config.model.hidden))
        }
        for experiment in order {
            let entries = byExperiment[experiment] ?? []
            let idle = entries.filter { _, widths in !zip(widths, widths.dropFirst()).contains { $0 == $1 } }
            guard let (first, widths) = idle.first else { continue }
            let marks = first.marks ?? VariantMarks(file: notebook.path, experiment: SourceMark(line: 1, column: 1))
            let shown = "\(widths[0]) inputs -> hidden \(Array(widths.dropFirst()))"
            if idle.count == entries.count {
                findings.add(error: marks.error(at: marks.residual ?? marks.hidden, "'model.residual: true' wraps no block in any "
                    + "variant of experiment '\(experiment)': no hidden layer keeps its input's width (\(shown)); use equal "
                    + "widths such as hidden: [64, 64], or remove it"))
            } else {
                let labels = idle.prefix(3).map { "'\($0.0.label)'" }.joined(separator: ", ")
                findings.add(warning: marks.warning(at: marks.residual ?? marks.hidden, "'model.residual: true' wraps no block in "
                    + "\(idle.count) of \(entries.count) variants of experiment '\(experiment)' (\(labels)\(idle.count > 3 ? ", ..." : "")): "
                    + "no hidden layer keeps its input's width there; they train without skips"))
            }
        }
    }
}
