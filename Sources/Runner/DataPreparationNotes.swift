import Core
import Datasets
import Notebook

/// The report's data section of every experiment: what loading did to the rows (read, dropped
/// and why, imputed) and the class balance of each split. Worker records do not carry it, so the
/// parent derives it once per distinct data set when it writes the report: loading is
/// deterministic, and derived facts are derived rather than stored in write-once records.
public enum DataPreparationNotes {
    /// Markdown per experiment name; an experiment whose data keys are swept gets one block per
    /// distinct data set, headed by those swept values.
    public static func notes(for notebook: NotebookDocument) -> [String: String] {
        var cache: [DatasetSpec: String] = [:]
        var notes: [String: String] = [:]
        for experiment in notebook.experiments {
            var blocks: [(label: String, spec: DatasetSpec)] = []
            for variant in experiment.variants {
                var spec = EngineMapping.datasetSpec(variant.config.dataset, model: variant.config.model)
                // The folds of one data set differ only in which rows validate: one block, fold 1's.
                if spec.folds != nil { spec.fold = 1 }
                guard !blocks.contains(where: { $0.spec == spec }) else { continue }
                let label = variant.parameters.filter { $0.name.hasPrefix("dataset.") }
                    .map { "\($0.name.dropFirst("dataset.".count))=\(display($0.value))" }.joined(separator: " ")
                blocks.append((label, spec))
            }
            notes[experiment.name] = blocks.map { block in
                let text = cache[block.spec] ?? describe(block.spec)
                cache[block.spec] = text
                return blocks.count > 1 && !block.label.isEmpty ? "**\(block.label)**: " + text : text
            }.joined(separator: "\n\n")
        }
        return notes
    }

    static func describe(_ spec: DatasetSpec) -> String {
        let source = spec.csv.map { String($0.split(separator: "/").last ?? "") } ?? spec.name ?? spec.idxImages ?? "data"
        do {
            let data = try DatasetLoader.load(spec)
            var text = (data.preparation ?? DataPreparationSummary()).markdown(source: source)
            if let folds = spec.folds {
                text += "\n\nCross-validation over \(folds) folds (seeded by `dataset.seed`"
                    + (spec.test > 0 ? ", after the test split was held out" : "")
                    + "): the split counts are fold 1's; every fold validates once on its share of each class, "
                    + "with normalisation and imputation fitted on the other folds."
            }
            return text
        } catch {
            return "`\(source)` could not be loaded for this section: \(error)"
        }
    }

    private static func display(_ value: ConfigValue) -> String {
        if case .string(let text) = value { return text }
        return value.canonicalJSON
    }
}
