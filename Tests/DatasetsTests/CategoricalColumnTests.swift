import Backprop
import Core
import Testing
@testable import Datasets

/// `dataset.categorical`: columns one-hot encoded whatever their values.
@Suite final class CategoricalColumnTests {
    let files = TemporaryFiles()

    func load(_ text: String, categorical: [String], features: [String]? = nil,
              missing: MissingPolicy = .error) throws -> PreparedDataset {
        try loadWhole(DatasetSpec(csv: try files.write(text), target: "y", features: features,
                                  missing: missing, categorical: categorical))
    }

    @Test func anIntegerColumnBecomesOneHotInNumericOrder() throws {
        let text = "Cylinders,Weight,y\n8,3504,18\n4,2130,27\n10,4000,12\n6,2800,21\n4,2200,26\n"
        let data = try load(text, categorical: ["Cylinders"])
        #expect(data.featureNames == ["Cylinders=4", "Cylinders=6", "Cylinders=8", "Cylinders=10", "Weight"])
        #expect(Array(data.train.inputs.storage[0..<5]) == [0, 0, 1, 0, 3504])
        #expect(Array(data.train.inputs.storage[10..<15]) == [0, 0, 0, 1, 4000])
        let plain = try load(text, categorical: [])
        #expect(plain.featureNames == ["Cylinders", "Weight"])
    }

    @Test func aMissingCategoryWithDropLosesItsRow() throws {
        let data = try load("id,y\n3,p\n,q\n7,q\n3,p\n", categorical: ["id"], missing: .drop)
        #expect(data.featureNames == ["id=3", "id=7"])
        #expect(data.train.count == 3)
    }

    @Test func unknownTargetOrUnselectedColumnsAreErrors() throws {
        let path = try files.write("a,b,y\n1,2,p\n3,4,q\n")
        func error(_ categorical: [String], features: [String]? = nil) -> DatasetError? {
            loadError(DatasetSpec(csv: path, target: "y", features: features, categorical: categorical))
        }
        #expect(error(["c"]) == DatasetError(file: path, line: 1, message: "unknown categorical column 'c'; the columns are: a, b, y"))
        #expect(error(["y"])?.message.hasPrefix("column 'y' is the target") == true)
        #expect(error(["b"], features: ["a"]) == DatasetError(file: path, line: 1,
                                                              message: "categorical column 'b' is not one of the `features:`"))
    }
}
