import Backprop
import Testing
@testable import Datasets

@Suite struct GeneratorTests {
    static let classifiers: [(name: String, features: Int, classes: Int)] = [
        ("xor", 2, 2), ("moons", 2, 2), ("circles", 2, 2), ("spirals", 2, 2), ("blobs", 2, 3), ("checkerboard", 2, 2),
    ]

    @Test(arguments: classifiers)
    func classifierHasDefaultShape(_ expected: (name: String, features: Int, classes: Int)) throws {
        let data = try loadWhole(DatasetSpec(name: expected.name))
        #expect(data.task == .classification)
        #expect(data.train.count == 1000)
        #expect(data.inputSize == expected.features)
        #expect(data.outputSize == expected.classes)
        #expect(data.classNames.count == expected.classes)
        #expect(data.train.inputs.storage.allSatisfy { $0.isFinite })
        let info = try #require(DatasetLoader.catalog.first { $0.name == expected.name })
        #expect(info.samples == data.train.count && info.features == data.inputSize && info.outputs == data.outputSize)
    }

    @Test(arguments: DatasetGenerator.allCases)
    func sameSeedSameData(_ generator: DatasetGenerator) throws {
        let first = try loadWhole(DatasetSpec(name: generator.rawValue, seed: 7, samples: 200))
        let again = try loadWhole(DatasetSpec(name: generator.rawValue, seed: 7, samples: 200))
        let other = try loadWhole(DatasetSpec(name: generator.rawValue, seed: 8, samples: 200))
        #expect(first.train == again.train)
        #expect(first.train.inputs != other.train.inputs)
    }

    @Test func exactSplitsAreExactlyBalanced() throws {
        for name in ["moons", "circles"] {
            let data = try loadWhole(DatasetSpec(name: name, samples: 501))
            #expect(classCounts(data.train, classes: 2) == [250, 251], "\(name)")
        }
        let spirals = try loadWhole(DatasetSpec(name: "spirals", samples: 1001, classes: 5))
        #expect(classCounts(spirals.train, classes: 5) == [201, 200, 200, 200, 200])
        let blobs = try loadWhole(DatasetSpec(name: "blobs", samples: 300, classes: 4, dimensions: 7))
        #expect(blobs.inputSize == 7)
        #expect(classCounts(blobs.train, classes: 4) == [75, 75, 75, 75])
    }

    @Test func uniformGeneratorsAreRoughlyBalanced() throws {
        for name in ["xor", "checkerboard"] {
            let counts = classCounts(try loadWhole(DatasetSpec(name: name, samples: 4000)).train, classes: 2)
            #expect(abs(counts[0] - counts[1]) < 200, "\(name): \(counts)")
        }
    }

    @Test func noiselessShapesFollowTheirDefinitions() throws {
        let moons = try loadWhole(DatasetSpec(name: "moons", samples: 100, noise: 0)).train
        let circles = try loadWhole(DatasetSpec(name: "circles", samples: 100, noise: 0)).train
        let xor = try loadWhole(DatasetSpec(name: "xor", samples: 100, noise: 0)).train
        for row in 0..<100 {
            let (x, y) = (Double(moons.inputs[row, 0]), Double(moons.inputs[row, 1]))
            let centre = labels(moons)[row] == 0 ? (0.0, 0.0) : (1.0, 0.5)
            #expect(abs(((x - centre.0) * (x - centre.0) + (y - centre.1) * (y - centre.1)).squareRoot() - 1) < 1e-5)
            let radius = Double(circles.inputs[row, 0] * circles.inputs[row, 0] + circles.inputs[row, 1] * circles.inputs[row, 1]).squareRoot()
            #expect(abs(radius - (labels(circles)[row] == 0 ? 1 : 0.5)) < 1e-5)
            #expect((xor.inputs[row, 0] * xor.inputs[row, 1] < 0) == (labels(xor)[row] == 1))
        }
    }

    @Test func sineIsOneDimensionalRegression() throws {
        let data = try loadWhole(DatasetSpec(name: "sine", samples: 300, noise: 0))
        #expect(data.task == .regression && data.inputSize == 1 && data.outputSize == 1 && data.classNames.isEmpty)
        let targets = values(data.train)
        for row in 0..<300 {
            #expect(abs(Double(targets[row, 0]) - _sin(Double(data.train.inputs[row, 0]))) < 1e-5)
        }
    }

    @Test func friedman1MatchesItsFormula() throws {
        let data = try loadWhole(DatasetSpec(name: "friedman1", samples: 200, noise: 0, dimensions: 6))
        #expect(data.task == .regression && data.inputSize == 6)
        let targets = values(data.train)
        for row in 0..<200 {
            let x = (0..<6).map { Double(data.train.inputs[row, $0]) }
            #expect(x.allSatisfy { $0 >= 0 && $0 < 1 })
            let y = 10 * _sin(.pi * x[0] * x[1]) + 20 * (x[2] - 0.5) * (x[2] - 0.5) + 10 * x[3] + 5 * x[4]
            #expect(abs(Double(targets[row, 0]) - y) < 1e-4)
        }
    }

    @Test func badOptionsAreRejected() {
        #expect(loadError(DatasetSpec(name: "moons", classes: 3))?.message == "moons has no 'classes' option (only spirals and blobs do)")
        #expect(loadError(DatasetSpec(name: "friedman1", dimensions: 4))?.message == "friedman1: dimensions must be in 5...100000, got 4")
        #expect(loadError(DatasetSpec(name: "xor", noise: -1))?.message == "xor: noise must be a finite number >= 0, got -1.0")
        #expect(loadError(DatasetSpec(name: "sine", task: .classification))?.message == "'sine' is a regression data set, not classification")
        #expect(loadError(DatasetSpec(name: "moonz"))?.message.hasPrefix("unknown data set 'moonz'; the built-in ones are: iris, wine") == true)
    }
}
