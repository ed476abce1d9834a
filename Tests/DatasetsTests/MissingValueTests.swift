import Backprop
import Core
import Testing
@testable import Datasets

/// `dataset.missing`, `impute`, `impute_text` and `na_values`: what counts as missing, which rows
/// are dropped, and that imputation statistics come from the training split only.
@Suite final class MissingValueTests {
    let files = TemporaryFiles()

    func spec(_ text: String, target: String = "y", missing: MissingPolicy, validation: Double = 0,
              numeric: NumericImputation = .mean, textImputation: TextImputation = .most_frequent,
              naValues: [String] = DatasetSpec.defaultNAValues, categorical: [String] = []) throws -> DatasetSpec {
        DatasetSpec(csv: try files.write(text), target: target, validation: validation, normalization: .none,
                    standardizeTargets: false, missing: missing, numericImputation: numeric,
                    textImputation: textImputation, naValues: naValues, categorical: categorical)
    }

    static let spellings = ["", "NA", "N/A", "NaN", "null", "None", "?", "-", "na", "n/a", "nan", "NULL", "none", " NA "]

    @Test(arguments: spellings) func everyDefaultSpellingIsMissing(_ spelling: String) throws {
        let text = "a,b,y\n1,2,p\n3,\(spelling),q\n5,6,p\n7,8,q\n"
        let error = loadError(try spec(text, missing: .error))
        #expect(error?.line == 3 && error?.column == 2, "'\(spelling)' is reported where it is")
        #expect(error?.message.hasPrefix("missing value") == true, "\(String(describing: error))")
        let dropped = try DatasetLoader.load(try spec(text, missing: .drop))
        #expect(dropped.train.count == 3)
        #expect(dropped.preparation?.droppedForMissingFeature == 1)
        #expect(dropped.preparation?.missingCells == [.init(column: "b", count: 1)])
        let imputed = try DatasetLoader.load(try spec(text, missing: .impute))
        #expect(imputed.train.inputs[1, 1] == Float((2.0 + 6 + 8) / 3))
    }

    @Test func onlyNumericSpellingsSendNumbersThroughTheLookup() {
        #expect(!MissingMarkers(DatasetSpec.defaultNAValues).includesNumbers)  // "NaN" is not a number here
        #expect(MissingMarkers(["NA", "-999"]).includesNumbers)
    }

    @Test func naValuesReplaceTheDefaultSpellings() throws {
        let text = "a,y\n1,p\n-999,q\n3,p\n4,q\n"
        let data = try DatasetLoader.load(try spec(text, missing: .drop, naValues: ["-999"]))
        #expect(data.train.inputs.storage == [1, 3, 4])
        // `-` is a value again once the list leaves it out: here a category of the text column.
        let dash = "c,y\nx,p\n-,q\nx,p\n-,q\n"
        let kept = try DatasetLoader.load(try spec(dash, missing: .error, naValues: ["NA"]))
        #expect(kept.featureNames == ["c=-", "c=x"])
    }

    @Test func rowsWithAMissingTargetAreDroppedEvenWhenImputing() throws {
        // Cars-style regression: an empty miles-per-gallon in some rows.
        let text = "Horsepower,Miles_per_Gallon\n130,18.5\n165,\n150,NA\n140,16.5\n,15\n"
        let data = try DatasetLoader.load(try spec(text, target: "Miles_per_Gallon", missing: .impute))
        #expect(data.task == .regression)
        #expect(values(data.train).storage == [18.5, 16.5, 15])
        #expect(data.train.inputs.storage == [130, 140, 135])
        #expect(data.preparation?.droppedForMissingTarget == 2)
        #expect(data.preparation?.rowsKept == 3)
        #expect(data.preparation?.imputed == [.init(column: "Horsepower", cells: 1, fill: "mean 135")])
        let error = loadError(try spec(text, target: "Miles_per_Gallon", missing: .error))
        #expect(error?.line == 3 && error?.column == 2)
    }

    @Test func dropRemovesRowsWithAnyMissingCell() throws {
        let text = "a,b,y\n1,2,p\n,3,q\n4,,p\n5,6,\n7,8,q\n"
        let data = try DatasetLoader.load(try spec(text, missing: .drop))
        #expect(data.train.inputs.storage == [1, 2, 7, 8])
        #expect(labels(data.train) == [0, 1])
        let summary = try #require(data.preparation)
        #expect(summary.rowsRead == 5 && summary.droppedForMissingTarget == 1 && summary.droppedForMissingFeature == 2)
    }

    /// Validation rows hold huge values: a mean or median that saw them would be far from the
    /// training rows' statistic.
    @Test(arguments: [NumericImputation.mean, .median]) func imputationIsFittedOnTheTrainingSplitOnly(_ kind: NumericImputation) throws {
        var lines = ["a,y"]
        for row in 0..<40 { lines.append(row % 5 == 0 ? "NA,\(row)" : "\(row),\(row)") }
        let text = lines.joined(separator: "\n") + "\n"
        let spec = try spec(text, missing: .impute, validation: 0.5, numeric: kind)
        // The split the loader draws (regression: one shuffled group of all 40 rows).
        let targets = Targets.values(Matrix(rows: 40, columns: 1, storage: (0..<40).map(Float.init)))
        let split = DatasetSplitter.split(targets: targets, validation: 0.5, test: 0, seed: spec.seed)
        let observedTraining = split.train.filter { $0 % 5 != 0 }.map(Double.init)
        let (expected, _) = MissingValueImputer.statistic(kind, of: observedTraining)
        let (whole, _) = MissingValueImputer.statistic(kind, of: (0..<40).filter { $0 % 5 != 0 }.map(Double.init))
        #expect(expected != whole, "the test needs splits whose statistics differ")
        let data = try DatasetLoader.load(spec)
        for part in [data.train, try #require(data.validation)] {
            let ys = values(part).storage
            for (row, y) in ys.enumerated() {
                let value = part.inputs[row, 0]
                #expect(Int(y) % 5 == 0 ? value == expected : value == y)
            }
        }
        #expect(data.preparation?.imputed.first?.cells == 8)
    }

    @Test func medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        #expect(MissingValueImputer.statistic(.median, of: [4, 1, 3, 2]).0 == 2.5)
        #expect(MissingValueImputer.statistic(.median, of: [5, 1, 3]).0 == 3)
        #expect(MissingValueImputer.statistic(.mean, of: []).1 == "0 (no training value)")
    }

    @Test func missingCategoriesTakeTheMostFrequentOrTheirOwn() throws {
        let text = "sex,y\nMALE,p\nFEMALE,q\nMALE,p\nNA,q\nFEMALE,p\nMALE,q\n"
        let frequent = try DatasetLoader.load(try spec(text, missing: .impute))
        #expect(frequent.featureNames == ["sex=FEMALE", "sex=MALE"])
        #expect(Array(frequent.train.inputs.storage[6..<8]) == [0, 1])
        #expect(frequent.preparation?.imputed == [.init(column: "sex", cells: 1, fill: "most frequent 'MALE'")])
        let own = try DatasetLoader.load(try spec(text, missing: .impute, textImputation: .category))
        #expect(own.featureNames == ["sex=FEMALE", "sex=MALE", "sex=(missing)"])
        #expect(Array(own.train.inputs.storage[9..<12]) == [0, 0, 1])
        #expect(own.preparation?.imputed == [.init(column: "sex", cells: 1, fill: "category '(missing)'")])
    }

    @Test func classBalanceIsCountedPerSplit() throws {
        var lines = ["a,y"]
        for row in 0..<30 { lines.append("\(row),\(row < 20 ? "common" : "rare")") }
        let data = try DatasetLoader.load(try spec(lines.joined(separator: "\n"), missing: .error, validation: 0.2))
        let balance = try #require(data.preparation?.classBalance)
        #expect(balance == [.init(split: "train", counts: [16, 8]), .init(split: "validation", counts: [4, 2])])
        #expect(data.preparation?.classNames == ["common", "rare"])
    }

    @Test func everyRowMissingIsAnError() throws {
        let error = loadError(try spec("a,y\n1,\n2,NA\n", missing: .drop))
        #expect(error?.message.hasPrefix("every row has a missing value") == true)
    }
}
