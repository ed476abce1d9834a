import Backprop
import Foundation
import Testing
@testable import Datasets

/// Regression targets are standardised with the training split's statistics (like scikit-learn's
/// `TransformedTargetRegressor` with a `StandardScaler`), and metrics map back to the data's units.
struct TargetScalingTests {
    let files = TemporaryFiles()

    /// 40 rows, y = 1e5 * (3 + 2a - b) with a, b in a deterministic pattern.
    func pricesCSV() throws -> String {
        var text = "a,b,y\n"
        for row in 0..<40 {
            let a = Double(row % 7) / 3, b = Double((row * 5) % 11) / 4
            text += "\(a),\(b),\(1e5 * (3 + 2 * a - b))\n"
        }
        return try files.write(text)
    }

    func column(_ data: LabeledData) -> [Double] { values(data).storage.map(Double.init) }

    func meanAndDeviation(_ values: [Double]) -> (mean: Double, std: Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return (mean, variance.squareRoot())
    }

    @Test func targetsAreStandardisedWithTrainingStatisticsOnly() throws {
        let path = try pricesCSV()
        let raw = try DatasetLoader.load(DatasetSpec(csv: path, target: "y", validation: 0.25, test: 0.2,
                                                     normalization: .none, seed: 3))
        let scaled = try DatasetLoader.load(DatasetSpec(csv: path, target: "y", validation: 0.25, test: 0.2,
                                                        normalization: .standard, seed: 3))
        #expect(raw.targetScaling == nil)
        let scaling = try #require(scaled.targetScaling)
        let (mean, std) = meanAndDeviation(column(raw.train))
        #expect(abs(Double(scaling.shift[0]) - mean) < 1e-6 * abs(mean))
        #expect(abs(Double(scaling.scale[0]) - std) < 1e-6 * std)
        // Fitted on the training rows, not on all of them.
        let all = column(raw.train) + column(try #require(raw.validation)) + column(try #require(raw.test))
        #expect(abs(meanAndDeviation(all).mean - mean) > 1)
        let pairs: [(LabeledData?, LabeledData?)] = [(raw.train, scaled.train), (raw.validation, scaled.validation),
                                                     (raw.test, scaled.test)]
        for (original, standardised) in pairs {
            let expected = column(try #require(original)).map { ($0 - Double(scaling.shift[0])) / Double(scaling.scale[0]) }
            let found = column(try #require(standardised))
            #expect(found.count == expected.count)
            for (value, want) in zip(found, expected) { #expect(abs(value - want) < 1e-5) }
        }
        let trainStatistics = meanAndDeviation(column(scaled.train))
        #expect(abs(trainStatistics.mean) < 1e-5 && abs(trainStatistics.std - 1) < 1e-5)
        // Inputs are scaled as before, independently of the targets.
        #expect(scaled.featureScaling != nil && raw.featureScaling == nil)
    }

    @Test func noneOptOutAndClassificationKeepTargetsAsGiven() throws {
        let path = try pricesCSV()
        let raw = try DatasetLoader.load(DatasetSpec(csv: path, target: "y", validation: 0, normalization: .none))
        #expect(raw.targetScaling == nil && column(raw.train).first == 1e5 * 3)
        let optedOut = try DatasetLoader.load(DatasetSpec(csv: path, target: "y", validation: 0, standardizeTargets: false))
        #expect(optedOut.targetScaling == nil && optedOut.featureScaling != nil)
        #expect(column(optedOut.train) == column(raw.train))
        let minmax = try DatasetLoader.load(DatasetSpec(csv: path, target: "y", validation: 0, normalization: .minmax))
        #expect(minmax.targetScaling?.method == .standard)
        let iris = try DatasetLoader.load(DatasetSpec(name: "iris"))
        #expect(iris.targetScaling == nil)
    }

    @Test func constantTargetGetsUnitScale() throws {
        let path = try files.write("x,y\n1,7.5\n2,7.5\n3,7.5\n4,7.5\n")
        let data = try DatasetLoader.load(DatasetSpec(csv: path, target: "y", task: .regression, validation: 0))
        let scaling = try #require(data.targetScaling)
        #expect(scaling.shift == [7.5] && scaling.scale == [1])
        #expect(column(data.train) == [0, 0, 0, 0])
    }

    /// The metrics of a network on standardised targets, mapped back, equal the metrics of the same
    /// network with its output layer folded into the original units (`w * std`, `b * std + mean`)
    /// on the raw targets: the rescaling is the unscaled computation.
    @Test func metricsInOriginalUnitsMatchAnUnscaledEvaluation() throws {
        let path = try pricesCSV()
        let raw = try DatasetLoader.load(DatasetSpec(csv: path, target: "y", validation: 0.25, normalization: .none, seed: 1))
        var standardised = try #require(raw.validation)
        let scaling = try #require(FeatureScaling.fit(.standard, on: values(raw.train)))
        scaling.standardizeTargets(of: &standardised)

        let spec = NetworkSpec(inputSize: 2, hidden: [5], outputSize: 1, activation: .tanh, head: .linear)
        let network = Network(spec: spec, seed: 9)
        var folded = network
        let last = network.layerCount - 1
        var weights = network.weights(layer: last)
        for column in 0..<weights.columns { weights[0, column] *= scaling.scale[0] }
        folded.setWeights(weights, layer: last)
        folded.setBias(network.bias(layer: last).map { $0 * scaling.scale[0] + scaling.shift[0] }, layer: last)

        let mapped = scaling.metricsInOriginalUnits(network.evaluate(standardised))
        let direct = folded.evaluate(try #require(raw.validation))
        for name in ["loss", "mse", "mae", "r2"] {
            let found = try #require(mapped[name]), want = try #require(direct[name])
            #expect(abs(found - want) <= 1e-4 * max(abs(want), 1e-3), "\(name): \(found) vs \(want)")
        }
        #expect(try #require(direct["mse"]) > 1e8)  // really in the data's units
        // Inverting predictions uses the same numbers.
        let inputs = try #require(raw.validation).inputs
        let back = scaling.originalValues(network.predict(inputs))
        let foldedPredictions = folded.predict(inputs)
        for row in 0..<inputs.rows {
            #expect(abs(back[row, 0] - foldedPredictions[row, 0]) <= 1e-5 * abs(foldedPredictions[row, 0]) + 1e-2)
        }
    }

    @Test func metricNamesMapByKind() {
        let scaling = FeatureScaling(method: .standard, shift: [5], scale: [10])
        let mapped = scaling.metricsInOriginalUnits(["train_loss": 0.5, "val_mse": 0.25, "test_mae": 0.1,
                                                    "val_r2": 0.9, "train_accuracy": 0.3])
        #expect(mapped == ["train_loss": 50, "val_mse": 25, "test_mae": 1, "val_r2": 0.9, "train_accuracy": 0.3])
    }
}
