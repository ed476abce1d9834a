import Core
import Datasets
import Notebook
import Runner

/// The variants where `model.residual: true` has no block to wrap (no hidden layer keeps its
/// input's width, `ResidualSkips`), per experiment: the preflight warns about them (and refuses
/// an experiment where every residual variant is one), the report notes them.
enum IdleResidual {
    struct Experiment {
        var name: String
        /// Residual variants of the experiment whose input width is known.
        var residualCount: Int
        /// Those among them with nothing to wrap, each with its widths `[inputs] + hidden`.
        var idle: [(variant: Variant, widths: [Int])]
    }

    /// Experiments with at least one idle residual variant, in the order they first appear;
    /// `inputWidth` gives the input features of a data set (nil when it cannot be inspected).
    /// The folds of a data set share its shape: they are asked for under fold 1, as the
    /// preflight opens them.
    static func find(_ variants: [Variant], inputWidth: (DatasetSpec) -> Int?) -> [Experiment] {
        var experiments: [Experiment] = []
        for variant in variants where variant.config.model.residual {
            var spec = EngineMapping.datasetSpec(variant.config.dataset, model: variant.config.model)
            if spec.folds != nil { spec.fold = 1 }
            guard let features = inputWidth(spec) else { continue }
            let hidden = variant.config.model.hidden
            if !experiments.contains(where: { $0.name == variant.experiment }) {
                experiments.append(Experiment(name: variant.experiment, residualCount: 0, idle: []))
            }
            let index = experiments.firstIndex { $0.name == variant.experiment }!
            experiments[index].residualCount += 1
            if ResidualSkips.noneFit(inputSize: features, hidden: hidden) {
                experiments[index].idle.append((variant, [features] + hidden))
            }
        }
        return experiments.filter { !$0.idle.isEmpty }
    }

    /// The ids of `notebook`'s idle residual variants, inspecting each data set they use once.
    static func variantIDs(in notebook: NotebookDocument) -> Set<String> {
        var widths: [DatasetSpec: Int?] = [:]
        let found = find(notebook.variants) { spec in
            if let known = widths[spec] { return known }
            let features = try? DatasetLoader.inspect(spec).features
            widths[spec] = .some(features)
            return features
        }
        return Set(found.flatMap { $0.idle.map(\.variant.id) })
    }
}
