import Core
import Datasets
import Notebook
import Runner

// The checks of `dataset.folds` and `training.class_weight` that need the data's classes.
extension Preflight {
    /// Every fold must be able to hold a row of every class (scikit-learn's StratifiedKFold
    /// refuses more splits than the smallest class has members), and a regression set needs a row
    /// per fold; the rows counted are those outside the test split.
    static func checkFolds(_ shape: DatasetShape, spec: DatasetSpec, marks: VariantMarks, into findings: inout Findings) {
        guard let folds = spec.folds else { return }
        let at = marks.folds ?? marks.dataset
        if !shape.trainClassCounts.isEmpty {
            let counts = zip(shape.trainClassCounts, shape.validationClassCounts + [Int](repeating: 0, count: max(0, shape.trainClassCounts.count - shape.validationClassCounts.count)))
                .map { $0 + $1 }
            guard let smallest = counts.indices.filter({ counts[$0] > 0 }).min(by: { counts[$0] < counts[$1] }), counts[smallest] < folds else { return }
            let name = smallest < shape.classNames.count ? shape.classNames[smallest] : String(smallest)
            findings.add(error: marks.error(at: at, "'dataset.folds: \(folds)' needs at least \(folds) rows of every class outside the test split, "
                + "but class '\(name)' has \(counts[smallest]); use at most \(max(2, counts[smallest])) folds"))
        } else if shape.validationSamples > 0 || shape.classNames.isEmpty && shape.trainSamples > 0 {
            let rows = shape.trainSamples + shape.validationSamples
            if rows < folds {
                findings.add(error: marks.error(at: at, "'dataset.folds: \(folds)' needs at least \(folds) rows outside the test split, but there are \(rows)"))
            }
        }
    }

    /// Class weights belong to classification, and a weight mapping's labels must be classes of
    /// the data, each reported at its own position with the closest class.
    static func checkClassWeight(_ weighting: ClassWeighting, spec: DatasetSpec, shape: DatasetShape, marks: VariantMarks,
                                 into findings: inout Findings) {
        guard weighting != .none else { return }
        let at = marks.classWeight ?? marks.experiment
        // A csv or idx file is opened here; built-in sets have a known task the notebook checked.
        let opened = spec.csv != nil || spec.idxImages != nil
        if opened && shape.trainClassCounts.isEmpty {
            findings.add(error: marks.error(at: at, "'training.class_weight' applies to classification only, but the data set is a regression task"))
            return
        }
        let names = shape.classNames.isEmpty ? (0..<shape.outputs).map(String.init) : shape.classNames
        for label in EngineMapping.unknownClassLabels(weighting, classNames: names) {
            findings.add(error: marks.error(at: marks.classWeightLabels[label] ?? at,
                                            "'training.class_weight': the data has no class '\(label)'\(EditDistance.suggestion(for: label, in: names)) "
                                                + "(its classes are: \(names.joined(separator: ", ")))"))
        }
    }
}
