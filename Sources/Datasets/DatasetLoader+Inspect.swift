import Backprop

extension DatasetLoader {
    /// Checks a data set exactly as a run loads it and returns its shape. Files (csv, idx,
    /// shipped) are loaded and split for real: their errors are the run's errors. A generated set
    /// is checked by its options only, without generating it: its shape follows from them, and
    /// generating 50,000,000 samples would cost the check as much as the run.
    public static func inspect(_ spec: DatasetSpec) throws -> DatasetShape {
        if let (generator, options) = try generatorOptions(spec) {
            try DatasetSplitter.validate(validation: spec.validation, test: spec.test)
            let classification = generator.task == .classification
            let held = Double(options.samples) * (spec.validation + spec.test)
            return DatasetShape(samples: options.samples, features: options.dimensions,
                                outputs: classification ? options.classes : 1,
                                trainSamples: max(1, options.samples - Int(held.rounded(.down))))
        }
        let prepared = try load(spec)
        var shape = DatasetShape(samples: prepared.train.count + (prepared.validation?.count ?? 0) + (prepared.test?.count ?? 0),
                                 features: prepared.inputSize, outputs: prepared.outputSize,
                                 trainSamples: prepared.train.count, classNames: prepared.classNames)
        shape.validationSamples = prepared.validation?.count ?? 0
        if case .classes(let labels, let classCount) = prepared.train.targets {
            shape.trainClassCounts = counts(labels, classCount)
            if case .classes(let held, _)? = prepared.validation?.targets {
                shape.validationClassCounts = counts(held, classCount)
            }
        }
        return shape
    }

    private static func counts(_ labels: [Int32], _ classCount: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels where label >= 0 && Int(label) < classCount { counts[Int(label)] += 1 }
        return counts
    }
}
