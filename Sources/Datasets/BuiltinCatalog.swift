import Backprop

/// The `gradbook datasets` table and the notebook vocabulary both come from this one list.
enum BuiltinCatalog {
    static var entries: [DatasetInfo] {
        let generated = DatasetGenerator.allCases.map { generator in
            let options = generator.defaultOptions
            return DatasetInfo(name: generator.rawValue, task: generator.task, samples: options.samples,
                               features: options.dimensions,
                               outputs: generator.task == .classification ? options.classes : 1,
                               source: generator.summary)
        }
        let shipped = ShippedDataset.allCases.map { set in
            DatasetInfo(name: set.rawValue, task: .classification, samples: set.shape.samples,
                        features: set.shape.features, outputs: set.shape.classes, source: set.source)
        }
        return shipped + generated
    }
}
