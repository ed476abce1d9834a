import Core
import Foundation

/// Relative training cost of a variant, parameters x training samples x epochs, so schedulers
/// can start the big runs first. Built-in sets use their catalogue shape; for csv / IDX files the
/// file size stands in for the data volume (samples = bytes / (8 x features)), which is rough
/// but monotone in what matters.
final class CostEstimator {
    private let shapes: [String: (samples: Int, features: Int, outputs: Int)]
    private var fileSizes: [String: Double] = [:]

    init(catalog: DatasetCatalog) { shapes = catalog.shapes }

    func cost(of config: RunConfig) -> Double { estimate(config).cost }

    /// What the run's time is made of (see `CostFeatures`), from the same data set shape.
    func features(of config: RunConfig) -> CostFeatures { estimate(config).features }

    /// Dense weights and biases of the network the configuration trains.
    func parameterCount(of config: RunConfig) -> Int { Int(estimate(config).parameters) }

    private func estimate(_ config: RunConfig) -> (cost: Double, parameters: Double, features: CostFeatures) {
        let dataset = config.dataset
        var samples = 1000.0, features = 8.0, outputs = 2.0
        if let name = dataset.name, let shape = shapes[name] {
            samples = Double(shape.samples)
            features = Double(shape.features)
            outputs = Double(shape.outputs)
        } else if let csv = dataset.csv {
            features = Double(dataset.features?.count ?? 8)
            samples = max(1, size(of: csv) / (8 * features))
        } else if let images = dataset.idx?.images {
            features = 784
            outputs = 10
            samples = max(1, size(of: images) / features)
        }
        if let n = dataset.n { samples = Double(n) }
        if let dimensions = dataset.dimensions { features = Double(dimensions) }
        if let classes = dataset.classes { outputs = Double(classes) }
        let widths = [features] + config.model.hidden.map(Double.init) + [outputs]
        let parameters = zip(widths, widths.dropFirst()).reduce(0.0) { $0 + $1.0 * $1.1 + $1.1 }
        let training = samples * max(0, 1 - dataset.validation - dataset.test)
        let terms = CostFeatures(widths: widths, training: training, validation: samples * max(0, dataset.validation),
                                    evaluated: samples, batchSize: config.training.batchSize, epochs: config.training.epochs,
                                    activation: config.model.activation, optimizer: config.training.optimizer, normalized: config.model.norm != .none, dropout: !config.model.dropoutPerLayer.isEmpty)
        return (parameters * training * Double(config.training.epochs), parameters, terms)
    }

    private func size(of path: String) -> Double {
        if let known = fileSizes[path] { return known }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? 0
        fileSizes[path] = bytes
        return bytes
    }
}
