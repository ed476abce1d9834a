import Backprop
import Core
import Testing
@testable import Datasets

/// `dataset.folds`: stratified k-fold splits with the test split held out first.
@Suite struct FoldPlanTests {
    // 60 / 30 / 10 rows of three classes.
    static let labels = (0..<100).map { Int32($0 < 60 ? 0 : $0 < 90 ? 1 : 2) }
    static let targets = Targets.classes(labels: labels, classCount: 3)

    func counts(_ rows: [Int]) -> [Int] { (0..<3).map { c in rows.filter { Self.labels[$0] == c }.count } }

    @Test func foldsAreStratifiedDisjointAndCoverTheRowsOutsideTheTestSplit() {
        let splits = (1...5).map { FoldPlan.split(targets: Self.targets, folds: 5, fold: $0, test: 0.1, seed: 3) }
        let test = DatasetSplitter.split(targets: Self.targets, validation: 0.2, test: 0.1, seed: 3).test
        for split in splits {
            // The same test rows for every fold, and the ones the seed holds out without folds.
            #expect(split.test == test)
            #expect((split.train + split.validation + split.test).sorted() == Array(0..<100))
            #expect(Set(split.train).isDisjoint(with: split.validation) && Set(split.validation).isDisjoint(with: split.test))
            // 54 / 27 / 9 rows outside the test split: within one row of a fifth of each class.
            let held = counts(split.validation)
            #expect(zip(held, [54.0, 27, 9]).allSatisfy { abs(Double($0) - $1 / 5) < 1 }, "\(held)")
        }
        // Every row outside the test split validates exactly once.
        let validated = splits.flatMap(\.validation)
        #expect(validated.sorted() == Array(Set(0..<100).subtracting(test)).sorted())
        // Fold sizes differ by at most one.
        let sizes = splits.map(\.validation.count)
        #expect(sizes.max()! - sizes.min()! <= 1, "\(sizes)")
    }

    @Test func foldsDependOnlyOnTheSeed() {
        let first = FoldPlan.split(targets: Self.targets, folds: 4, fold: 2, test: 0, seed: 7)
        #expect(first == FoldPlan.split(targets: Self.targets, folds: 4, fold: 2, test: 0, seed: 7))
        #expect(first != FoldPlan.split(targets: Self.targets, folds: 4, fold: 2, test: 0, seed: 8))
        #expect(first.test.isEmpty && first.validation.count == 25)
    }

    @Test func regressionFoldsArePlain() {
        let targets = Targets.values(Matrix(rows: 23, columns: 1))
        let splits = (1...3).map { FoldPlan.split(targets: targets, folds: 3, fold: $0, test: 0, seed: 1) }
        #expect(splits.map(\.validation.count).sorted() == [7, 8, 8])
        #expect(splits.flatMap(\.validation).sorted() == Array(0..<23))
    }

    @Test func aLoadedFoldIsNormalisedWithItsOwnTrainingRows() throws {
        var spec = DatasetSpec(name: "iris", validation: 0.2, seed: 2)
        spec.folds = 3
        spec.fold = 2
        let data = try DatasetLoader.load(spec)
        let validation = try #require(data.validation)
        #expect(data.train.count + validation.count == 150 && validation.count == 50)
        // Standardised on the fold's training part: its columns have mean 0 there.
        let columns = data.train.inputs.columns
        for column in 0..<columns {
            let mean = (0..<data.train.count).map { Double(data.train.inputs[$0, column]) }.reduce(0, +) / Double(data.train.count)
            #expect(abs(mean) < 1e-5)
        }
        spec.fold = 3
        #expect(try DatasetLoader.load(spec).featureScaling != data.featureScaling)
        spec.fold = 4
        #expect(throws: DatasetError.self) { try DatasetLoader.load(spec) }
    }
}
