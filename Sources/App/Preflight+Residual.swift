import Core
import Datasets
import Notebook
import Runner

extension Preflight {
    /// `model.residual: true` wraps the hidden layers that keep their input's width; with none it
    /// does nothing. That is a warning for the variants where it happens (a width sweep may mix
    /// both; the report notes them too), and an error when it happens in every residual variant of
    /// an experiment, since then the key cannot be what the experiment meant.
    static func checkResidual(_ variants: [Variant], notebook: NotebookDocument,
                              shapes: [DatasetSpec: Result<DatasetShape, Error>], into findings: inout Findings) {
        let found = IdleResidual.find(variants) { spec in
            guard case .success(let shape)? = shapes[spec] else { return nil }
            return shape.features
        }
        for experiment in found {
            let (first, widths) = experiment.idle[0]
            let marks = first.marks ?? VariantMarks(file: notebook.path, experiment: SourceMark(line: 1, column: 1))
            let shown = "\(widths[0]) inputs -> hidden \(Array(widths.dropFirst()))"
            if experiment.idle.count == experiment.residualCount {
                findings.add(error: marks.error(at: marks.residual ?? marks.hidden, "'model.residual: true' wraps no block in any "
                    + "variant of experiment '\(experiment.name)': no hidden layer keeps its input's width (\(shown)); use equal "
                    + "widths such as hidden: [64, 64], or remove it"))
            } else {
                let idle = experiment.idle
                let labels = idle.prefix(3).map { "'\($0.variant.label)'" }.joined(separator: ", ")
                findings.add(warning: marks.warning(at: marks.residual ?? marks.hidden, "'model.residual: true' wraps no block in "
                    + "\(idle.count) of \(experiment.residualCount) variants of experiment '\(experiment.name)' (\(labels)\(idle.count > 3 ? ", ..." : "")): "
                    + "no hidden layer keeps its input's width there; they train without skips"))
            }
        }
    }
}
