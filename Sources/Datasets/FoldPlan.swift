import Backprop
import Core

/// k-fold cross-validation splits (`dataset.folds`). The test split is held out first, exactly
/// as without folds (the same rows for the same `dataset.seed` and `test` fraction), and stays
/// outside every fold; the remaining rows are dealt into `folds` folds and fold f (1-based) is
/// that run's validation split, the other folds its training split. Classification folds are
/// stratified as scikit-learn's `StratifiedKFold(shuffle=True)`: each class's rows, shuffled,
/// are dealt round-robin, continuing from where the previous class stopped, so every fold holds
/// each class within one row of its share and the folds' sizes differ by at most one. Regression
/// folds deal the shuffled rows the same way (`KFold(shuffle=True)`). The deal draws from the
/// "folds" stream of the seed, so it never shifts the test split or any other draw.
enum FoldPlan {
    static func validate(folds: Int, fold: Int, test: Double) throws {
        guard folds >= 2 else { throw DatasetError(message: "folds must be at least 2, got \(folds)") }
        guard (1...folds).contains(fold) else { throw DatasetError(message: "fold \(fold) is not one of 1...\(folds)") }
        guard test.isFinite, test >= 0, test < 1 else {
            throw DatasetError(message: "test fraction must be in [0, 1), got \(test)")
        }
    }

    /// Which fold (1-based) each row outside the test split falls in, by row; 0 for test rows.
    static func assignment(targets: Targets, folds: Int, testRows: [Int], seed: UInt64) -> [Int] {
        var random = SeededGenerator(seed: seed, stream: "folds")
        var fold = [Int](repeating: -1, count: targets.count)
        for row in testRows { fold[row] = 0 }
        var groups: [[Int]]
        switch targets {
        case .classes(let labels, let classCount):
            groups = [[Int]](repeating: [], count: classCount)
            for (row, label) in labels.enumerated() where fold[row] != 0 { groups[Int(label)].append(row) }
        case .values:
            groups = [(0..<targets.count).filter { fold[$0] != 0 }]
        }
        var dealt = 0
        for group in groups where !group.isEmpty {
            for position in random.permutation(group.count) {
                fold[group[position]] = dealt % folds + 1
                dealt += 1
            }
        }
        return fold
    }

    /// The splits of fold `fold` of `folds`: validation is the fold, train the other folds.
    static func split(targets: Targets, folds: Int, fold: Int, test: Double, seed: UInt64) -> SplitIndices {
        let held = DatasetSplitter.split(targets: targets, validation: 0, test: test, seed: seed).test
        let assignment = assignment(targets: targets, folds: folds, testRows: held, seed: seed)
        var result = SplitIndices(train: [], validation: [], test: held)
        for (row, number) in assignment.enumerated() where number != 0 {
            if number == fold { result.validation.append(row) } else { result.train.append(row) }
        }
        return result
    }
}
