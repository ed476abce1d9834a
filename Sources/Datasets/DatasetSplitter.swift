import Backprop
import Core

/// Row indices of the train / validation / test splits. Classification splits are stratified: each
/// class contributes its own share to every split, so a rare class is not left out of validation by
/// chance. Indices inside a split stay in the data set's order; the engine shuffles mini-batches.
struct SplitIndices: Sendable, Equatable {
    var train: [Int]
    var validation: [Int]
    var test: [Int]
}

enum DatasetSplitter {
    static func validate(validation: Double, test: Double) throws {
        guard validation.isFinite, validation >= 0, validation < 1 else {
            throw DatasetError(message: "validation fraction must be in [0, 1), got \(validation)")
        }
        guard test.isFinite, test >= 0, test < 1 else {
            throw DatasetError(message: "test fraction must be in [0, 1), got \(test)")
        }
        guard validation + test < 1 else {
            throw DatasetError(message: "validation (\(validation)) + test (\(test)) leaves no training data")
        }
    }

    /// `stream` "split" of `seed` drives the shuffles, so other uses of the same seed (generation,
    /// initialisation) never shift which rows land in which split.
    static func split(targets: Targets, validation: Double, test: Double, seed: UInt64) -> SplitIndices {
        var random = SeededGenerator(seed: seed, stream: "split")
        var result = SplitIndices(train: [], validation: [], test: [])
        let groups: [[Int]]
        switch targets {
        case .classes(let labels, let classCount):
            var byClass = [[Int]](repeating: [], count: classCount)
            for (row, label) in labels.enumerated() { byClass[Int(label)].append(row) }
            groups = byClass
        case .values(let values):
            groups = [Array(0..<values.rows)]
        }
        // Which split each row lands in; reading it back in row order keeps every split sorted.
        let (train, validationSplit, testSplit): (UInt8, UInt8, UInt8) = (0, 1, 2)
        var assignment = [UInt8](repeating: train, count: targets.count)
        for group in groups where !group.isEmpty {
            let order = random.permutation(group.count).map { group[$0] }
            var testCount = Int((Double(group.count) * test).rounded())
            var validationCount = Int((Double(group.count) * validation).rounded())
            // Every class keeps at least one training row when it has any rows at all.
            while testCount + validationCount >= group.count && testCount + validationCount > 0 {
                if validationCount >= testCount { validationCount -= 1 } else { testCount -= 1 }
            }
            for row in order[0..<testCount] { assignment[row] = testSplit }
            for row in order[testCount..<(testCount + validationCount)] { assignment[row] = validationSplit }
        }
        for (row, split) in assignment.enumerated() {
            switch split {
            case validationSplit: result.validation.append(row)
            case testSplit: result.test.append(row)
            default: result.train.append(row)
            }
        }
        return result
    }
}
