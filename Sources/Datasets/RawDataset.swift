import Backprop
import Core

/// A whole data set before it is split and normalised: what every source (generator, shipped file,
/// CSV, IDX) produces, so splitting and normalisation are written once.
struct RawDataset: Sendable {
    var name: String
    var task: LearningTask
    var featureNames: [String]
    /// Index = class label; empty for regression.
    var classNames: [String]
    var inputs: Matrix
    var targets: Targets
    /// Missing feature cells still to be imputed (`missing: impute`); empty otherwise.
    var gaps: [FeatureGap] = []
    /// What the loader did so far (rows read and dropped, missing cells); `prepare` adds the rest.
    var preparation = DataPreparationSummary()

    var count: Int { inputs.rows }

    /// Rows in their original order, labels as given (used by splits and tests).
    func subset(_ indices: [Int]) -> LabeledData {
        // Training on every row (validation 0, no test) needs no copy of what may be a large matrix.
        if indices.count == count, indices.last == count - 1 {
            return LabeledData(inputs: inputs, targets: targets)
        }
        let inputs = inputs.gatherRows(indices)
        switch targets {
        case .classes(let labels, let classCount):
            return LabeledData(inputs: inputs, targets: .classes(labels: indices.map { labels[$0] }, classCount: classCount))
        case .values(let values):
            return LabeledData(inputs: inputs, targets: .values(values.gatherRows(indices)))
        }
    }
}
