import Backprop
import Core
import Testing
@testable import Datasets

@Suite struct SplitTests {
    @Test func classificationSplitsAreStratifiedDisjointAndComplete() {
        // 60 / 30 / 10 rows of three classes, interleaved.
        let labels = (0..<100).map { Int32($0 < 60 ? 0 : $0 < 90 ? 1 : 2) }
        let split = DatasetSplitter.split(targets: .classes(labels: labels, classCount: 3), validation: 0.2, test: 0.1, seed: 3)
        func counts(_ rows: [Int]) -> [Int] { (0..<3).map { c in rows.filter { labels[$0] == c }.count } }
        #expect(counts(split.validation) == [12, 6, 2])
        #expect(counts(split.test) == [6, 3, 1])
        #expect(counts(split.train) == [42, 21, 7])
        #expect((split.train + split.validation + split.test).sorted() == Array(0..<100))
        #expect(Set(split.train).isDisjoint(with: split.validation) && Set(split.train).isDisjoint(with: split.test))
    }

    @Test func splitsDependOnlyOnTheSeed() {
        let targets = Targets.values(Matrix(rows: 50, columns: 1))
        let first = DatasetSplitter.split(targets: targets, validation: 0.3, test: 0, seed: 11)
        #expect(first == DatasetSplitter.split(targets: targets, validation: 0.3, test: 0, seed: 11))
        #expect(first != DatasetSplitter.split(targets: targets, validation: 0.3, test: 0, seed: 12))
        #expect(first.validation.count == 15 && first.train.count == 35 && first.test.isEmpty)
    }

    @Test func everyClassKeepsATrainingRow() {
        let labels: [Int32] = [0, 0, 0, 0, 1]
        let split = DatasetSplitter.split(targets: .classes(labels: labels, classCount: 2), validation: 0.5, test: 0.4, seed: 0)
        #expect(split.train.contains(4))
    }

    @Test func zeroValidationMeansNoValidationSplit() throws {
        let data = try DatasetLoader.load(DatasetSpec(name: "iris", validation: 0))
        #expect(data.validation == nil && data.test == nil && data.train.count == 150)
    }

    @Test func loadedSplitsHaveTheAskedSizes() throws {
        let data = try DatasetLoader.load(DatasetSpec(name: "digits", validation: 0.2, test: 0.1, seed: 5))
        let validation = try #require(data.validation), test = try #require(data.test)
        #expect(data.train.count + validation.count + test.count == 1797)
        #expect(abs(validation.count - 359) <= 5 && abs(test.count - 180) <= 5)
        let again = try DatasetLoader.load(DatasetSpec(name: "digits", validation: 0.2, test: 0.1, seed: 5))
        #expect(again.train == data.train && again.validation == validation)
    }

    @Test func badFractionsAreRejected() {
        #expect(loadError(DatasetSpec(name: "iris", validation: 1))?.message == "validation fraction must be in [0, 1), got 1.0")
        #expect(loadError(DatasetSpec(name: "iris", validation: 0.6, test: 0.4))?.message == "validation (0.6) + test (0.4) leaves no training data")
    }
}

@Suite struct NormalizationTests {
    @Test func standardUsesTrainingStatisticsOnly() throws {
        let data = try DatasetLoader.load(DatasetSpec(name: "wine", validation: 0.3, normalization: .standard, seed: 1))
        let scaling = try #require(data.featureScaling)
        let train = data.train.inputs, validation = try #require(data.validation).inputs
        for column in 0..<train.columns {
            let values = (0..<train.rows).map { Double(train[$0, column]) }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
            #expect(abs(mean) < 1e-5 && abs(variance - 1) < 1e-4)
        }
        // Refit on the raw training rows by hand: the same statistics, and validation rows scaled by them.
        let raw = try loadWhole(DatasetSpec(name: "wine"))
        let split = DatasetSplitter.split(targets: raw.train.targets, validation: 0.3, test: 0, seed: 1)
        let rawTrain = raw.train.inputs.gatherRows(split.train)
        #expect(FeatureScaling.fit(.standard, on: rawTrain) == scaling)
        let rawValidation = raw.train.inputs.gatherRows(split.validation)
        #expect(abs(validation[0, 12] - (rawValidation[0, 12] - scaling.shift[12]) / scaling.scale[12]) < 1e-6)
        let validationMean = (0..<validation.rows).map { Double(validation[$0, 12]) }.reduce(0, +) / Double(validation.rows)
        #expect(validationMean != 0)
    }

    @Test func minmaxMapsTrainingRangeToUnitInterval() throws {
        let data = try DatasetLoader.load(DatasetSpec(name: "iris", validation: 0.2, normalization: .minmax))
        for column in 0..<4 {
            let values = (0..<data.train.count).map { data.train.inputs[$0, column] }
            #expect(values.min() == 0 && values.max() == 1)
        }
    }

    @Test func constantFeaturesDoNotDivideByZero() throws {
        let scaling = try #require(FeatureScaling.fit(.standard, on: Matrix(rows: 3, columns: 1, storage: [2, 2, 2])))
        #expect(scaling.shift == [2] && scaling.scale == [1])
        var matrix = Matrix(rows: 1, columns: 1, storage: [3])
        scaling.apply(to: &matrix)
        #expect(matrix.storage == [1])
        #expect(FeatureScaling.fit(.none, on: matrix) == nil)
    }
}
