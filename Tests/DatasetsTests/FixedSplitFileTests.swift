import Backprop
import Core
import Foundation
import Testing
@testable import Datasets

/// `validation_csv` / `test_csv` and idx held-out pairs: the files are the splits, read with the
/// training file's options and encoded, imputed and normalised from the training file alone.
@Suite final class FixedSplitFileTests {
    let files = TemporaryFiles()

    func spec(_ train: String, validation: String? = nil, test: String? = nil,
              normalization: Normalization = .standard, missing: MissingPolicy = .error) throws -> DatasetSpec {
        DatasetSpec(csv: try files.write(train, name: "train.csv"), target: "y", validation: 0.2, normalization: normalization,
                    missing: missing, validationCSV: try validation.map { try files.write($0, name: "val.csv") },
                    testCSV: try test.map { try files.write($0, name: "test.csv") })
    }

    @Test func theFilesAreTheSplitsWithTrainingStatistics() throws {
        let data = try DatasetLoader.load(try spec("a,y\n1,p\n3,q\n5,p\n7,q\n", validation: "a,y\n4,q\n", test: "a,y\n0,p\n9,q\n"))
        #expect(data.train.count == 4)
        #expect(data.validation?.count == 1)
        #expect(data.test?.count == 2)
        // Mean 4 and population std sqrt(5) of the training file only.
        let scale = Float(5).squareRoot()
        #expect(data.validation?.inputs.storage == [0])
        #expect(data.test?.inputs.storage == [(0 - 4) / scale, (9 - 4) / scale])
        #expect(data.validation?.targets == .classes(labels: [1], classCount: 2))
        #expect(data.preparation?.rowsRead == 7)
    }

    @Test func categoriesFollowTheTrainingFileAndUnseenOnesAreZeros() throws {
        let data = try DatasetLoader.load(try spec("c,y\nred,p\nblue,q\nred,q\n", validation: "c,y\ngreen,p\nblue,q\n",
                                                   normalization: .none))
        #expect(data.featureNames == ["c=blue", "c=red"])
        #expect(data.validation?.inputs.storage == [0, 0, 1, 0])
        #expect(data.preparation?.unseenCategories.first?.column == "c")
        #expect(data.preparation?.unseenCategories.first?.count == 1)
        // A column the training file holds as text stays categorical even when the held-out file has numbers.
        let numbers = try DatasetLoader.load(try spec("c,y\nx,p\n1,q\nx,q\n", validation: "c,y\n1,p\n", normalization: .none))
        #expect(numbers.validation?.inputs.storage == [1, 0])
    }

    @Test func aMissingCellIsFilledFromTheTrainingFile() throws {
        let data = try DatasetLoader.load(try spec("a,y\n1,p\n3,q\n8,p\n", validation: "a,y\n,q\n",
                                                   normalization: .none, missing: .impute))
        #expect(data.validation?.inputs.storage == [4])
        #expect(data.preparation?.imputed.first?.cells == 1)
    }

    @Test func otherColumnsOrAnUnknownClassAreErrors() throws {
        let other = try spec("a,b,y\n1,2,p\n3,4,q\n", validation: "a,c,y\n1,2,p\n")
        let error = try #require(loadError(other))
        #expect(error.file == other.validationCSV && error.line == 1 && error.column == 2)
        #expect(error.message.hasPrefix("column 2 is 'c' but train.csv has 'b'"))
        let short = try #require(loadError(try spec("a,b,y\n1,2,p\n3,4,q\n", validation: "a,b\n1,2\n")))
        #expect(short.column == 3 && short.message.contains("missing 'y'"))
        let unknown = try #require(loadError(try spec("a,y\n1,p\n3,q\n", validation: "a,y\n1,r\n")))
        #expect(unknown.message.hasPrefix("class 'r' does not occur in train.csv"))
        let text = try #require(loadError(try spec("a,y\n1,p\n3,q\n", validation: "a,y\nx,p\n")))
        #expect(text.message.contains("holds text here ('x') but numbers in train.csv"))
    }

    @Test func aSplitWithoutAFileIsStillDrawn() throws {
        let rows = (0..<20).map { "\($0),\($0 % 2 == 0 ? "p" : "q")" }.joined(separator: "\n")
        let data = try DatasetLoader.load(try spec("a,y\n" + rows + "\n", test: "a,y\n1,p\n"))
        #expect(data.validation?.count == 4)
        #expect(data.train.count == 16)
        #expect(data.test?.count == 1)
    }

    @Test func idxHeldOutPairs() throws {
        func idx(_ labels: [UInt8]) throws -> DatasetSpec.IDXPair {
            var images = Data([0, 0, 8, 3, 0, 0, 0, UInt8(labels.count), 0, 0, 0, 1, 0, 0, 0, 2])
            images.append(contentsOf: labels.flatMap { [$0 * 60, 255] })
            var labelFile = Data([0, 0, 8, 1, 0, 0, 0, UInt8(labels.count)])
            labelFile.append(contentsOf: labels)
            return .init(images: try files.write(images, name: "images.idx"), labels: try files.write(labelFile, name: "labels.idx"))
        }
        let train = try idx([0, 1, 2, 1])
        let spec = DatasetSpec(idxImages: train.images, idxLabels: train.labels, normalization: .none,
                               idxValidation: try idx([2]), idxTest: try idx([0, 1]))
        let data = try DatasetLoader.load(spec)
        #expect(data.train.count == 4)
        #expect(data.validation?.targets == .classes(labels: [2], classCount: 3))
        #expect(data.test?.count == 2)
        let stranger = DatasetSpec(idxImages: train.images, idxLabels: train.labels, idxValidation: try idx([2, 3]))
        #expect(loadError(stranger)?.message.hasPrefix("class '3' does not occur") == true)
    }
}
