import Backprop
import Foundation
import Testing
@testable import Datasets

/// Reference figures computed independently with scikit-learn 1.9.1 from its bundled copies:
/// `X.astype(float32)` summed in float64, the same weighted by (column + 1), and
/// sum((label) * (row + 1)) with classes numbered in sorted name order.
@Suite final class ShippedDataTests {
    let files = TemporaryFiles()

    struct Reference: Sendable, CustomTestStringConvertible {
        var name: String
        var rows: Int
        var features: Int
        var sum: Double
        var weightedSum: Double
        var labelChecksum: Int
        var classCounts: [Int]
        var classNames: [String]
        var testDescription: String { name }
    }

    static let references: [Reference] = [
        Reference(name: "iris", rows: 150, features: 4, sum: 2078.69999640435, weightedSum: 4204.399989455938,
                  labelChecksum: 16325, classCounts: [50, 50, 50], classNames: ["setosa", "versicolor", "virginica"]),
        Reference(name: "wine", rows: 178, features: 13, sum: 159975.29599502683, weightedSum: 1859871.1659677029,
                  labelChecksum: 21577, classCounts: [59, 71, 48], classNames: ["class_0", "class_1", "class_2"]),
        Reference(name: "breast_cancer", rows: 569, features: 30, sum: 1056474.4601555474, weightedSum: 15997027.570897462,
                  labelChecksum: 47604, classCounts: [357, 212], classNames: ["benign", "malignant"]),
        Reference(name: "digits", rows: 1797, features: 64, sum: 561718, weightedSum: 18222371,
                  labelChecksum: 7272861, classCounts: [178, 182, 177, 183, 181, 182, 181, 179, 174, 180],
                  classNames: (0...9).map(String.init)),
    ]

    @Test(arguments: references)
    func matchesScikitLearn(_ reference: Reference) throws {
        let data = try loadWhole(DatasetSpec(name: reference.name))
        #expect(data.task == .classification)
        #expect(data.train.count == reference.rows)
        #expect(data.inputSize == reference.features)
        #expect(data.classNames == reference.classNames)
        #expect(classCounts(data.train, classes: reference.classNames.count) == reference.classCounts)
        var sum = 0.0, weighted = 0.0
        for row in 0..<data.train.count {
            for column in 0..<data.inputSize {
                let value = Double(data.train.inputs[row, column])
                sum += value
                weighted += value * Double(column + 1)
            }
        }
        #expect(abs(sum - reference.sum) <= 1e-9 * reference.sum)
        #expect(abs(weighted - reference.weightedSum) <= 1e-9 * reference.weightedSum)
        let checksum = labels(data.train).enumerated().reduce(0) { $0 + Int($1.element) * ($1.offset + 1) }
        #expect(checksum == reference.labelChecksum)
        let info = try #require(DatasetLoader.catalog.first { $0.name == reference.name })
        #expect(info.samples == reference.rows && info.features == reference.features && info.outputs == reference.classNames.count)
    }

    @Test func featuresCanBeSelected() throws {
        let data = try loadWhole(DatasetSpec(name: "iris", features: ["petal_width_cm", "sepal_length_cm"]))
        #expect(data.featureNames == ["petal_width_cm", "sepal_length_cm"])
        #expect(data.train.inputs[0, 0] == 0.2 && data.train.inputs[0, 1] == 5.1)
    }

    @Test func locatorHonoursTheEnvironmentVariable() throws {
        let folder = (try files.write("a,target\n1,x\n", name: "iris.csv") as NSString).deletingLastPathComponent
        #expect(try ShippedDataLocator.path(of: "iris.csv", environment: ["GRADBOOK_DATA": folder]) == folder + "/iris.csv")
        #expect(throws: DatasetError(message: "wine.csv not found in GRADBOOK_DATA=\(folder)")) {
            try ShippedDataLocator.path(of: "wine.csv", environment: ["GRADBOOK_DATA": folder])
        }
    }

    @Test func locatorFindsTheRepositoryCopyWithoutTheVariable() throws {
        let path = try ShippedDataLocator.path(of: "digits.csv", environment: [:])
        #expect(path.hasSuffix("experiments/data/digits.csv"))
    }
}
