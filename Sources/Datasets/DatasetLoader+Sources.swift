import Backprop
import Core

extension DatasetLoader {
    /// The whole data set a spec names, before splitting: exactly one of a built-in `name`, a `csv`
    /// file or an `idx` pair. Options that do not apply to the source are errors, not ignored.
    static func loadRaw(_ spec: DatasetSpec) throws -> RawDataset {
        let hasIDX = spec.idxImages != nil || spec.idxLabels != nil
        if spec.csv != nil && hasIDX {
            throw DatasetError(message: "a data set is either `csv:` or `idx:`, not both")
        }
        if spec.csv != nil || hasIDX {
            try rejectGeneratorOptions(spec, source: spec.csv != nil ? "a csv data set" : "an idx data set")
        }
        if spec.csv != nil {
            return try CSVLoader.load(spec)
        }
        if hasIDX {
            guard let images = spec.idxImages, let labels = spec.idxLabels else {
                throw DatasetError(message: "an idx data set needs both `images:` and `labels:` files")
            }
            if spec.target != nil || spec.features != nil {
                throw DatasetError(message: "`target:` and `features:` apply to csv data sets, not idx")
            }
            if spec.task == .regression {
                throw DatasetError(message: "idx labels are classes; task regression does not apply")
            }
            return try IDXLoader.load(images: images, labels: labels, name: spec.name)
        }
        guard let name = spec.name else {
            throw DatasetError(message: "no data set given: use `name:` (one of \(knownNames)), `csv:` or `idx:`")
        }
        if let (generator, options) = try generatorOptions(spec) {
            return generator.generate(options, seed: spec.seed)
        }
        if let shipped = ShippedDataset(rawValue: name) {
            try rejectGeneratorOptions(spec, source: "the shipped data set '\(name)'")
            if let target = spec.target, target != "target" {
                throw DatasetError(message: "the shipped data set '\(name)' predicts its `target` column, not '\(target)'")
            }
            try checkTask(spec.task, builtin: .classification, name: name)
            return try shipped.load(features: spec.features)
        }
        throw DatasetError(message: "unknown data set '\(name)'; the built-in ones are: \(knownNames)")
    }

    /// The generator a spec names and its checked options; nil when the spec reads a file or a
    /// shipped set.
    static func generatorOptions(_ spec: DatasetSpec) throws -> (DatasetGenerator, DatasetGenerator.Options)? {
        guard spec.csv == nil, spec.idxImages == nil, spec.idxLabels == nil,
              let name = spec.name, let generator = DatasetGenerator(rawValue: name) else { return nil }
        if spec.target != nil || spec.features != nil {
            throw DatasetError(message: "`target:` and `features:` do not apply to the generated data set '\(name)'")
        }
        try checkTask(spec.task, builtin: generator.task, name: name)
        return (generator, try generator.options(from: spec))
    }

    private static var knownNames: String { catalog.map(\.name).joined(separator: ", ") }

    private static func checkTask(_ asked: LearningTask?, builtin: LearningTask, name: String) throws {
        if let asked, asked != builtin {
            throw DatasetError(message: "'\(name)' is a \(builtin.rawValue) data set, not \(asked.rawValue)")
        }
    }

    private static func rejectGeneratorOptions(_ spec: DatasetSpec, source: String) throws {
        let given = [("samples", spec.samples != nil), ("noise", spec.noise != nil),
                     ("classes", spec.classes != nil), ("dimensions", spec.dimensions != nil)]
            .filter(\.1).map(\.0)
        if !given.isEmpty {
            throw DatasetError(message: "\(given.joined(separator: ", ")) only apply to generated data sets, not \(source)")
        }
    }
}
