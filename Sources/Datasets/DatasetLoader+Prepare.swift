import Backprop

extension DatasetLoader {
    /// Splits `raw` as `spec` asks and normalises every split with statistics of the training split.
    static func prepare(_ raw: consuming RawDataset, spec: DatasetSpec) throws -> PreparedDataset {
        try DatasetSplitter.validate(validation: spec.validation, test: spec.test)
        guard raw.count > 0 else { throw DatasetError(message: "data set '\(raw.name)' has no rows") }
        let indices = DatasetSplitter.split(targets: raw.targets, validation: spec.validation,
                                            test: spec.test, seed: spec.seed)
        var train = raw.subset(indices.train)
        var validation = spec.validation > 0 ? raw.subset(indices.validation) : nil
        var test = spec.test > 0 ? raw.subset(indices.test) : nil
        // Let go of the whole matrix so that normalising a training split that shares its storage
        // (validation 0) works in place instead of copying it.
        raw.inputs = Matrix(rows: 0, columns: 0)
        let scaling = FeatureScaling.fit(spec.normalization, on: train.inputs)
        if let scaling {
            scaling.apply(to: &train.inputs)
            if var split = validation {
                scaling.apply(to: &split.inputs)
                validation = split
            }
            if var split = test {
                scaling.apply(to: &split.inputs)
                test = split
            }
        }
        var targetScaling: FeatureScaling?
        if spec.standardizeTargets, spec.normalization != .none, case .values(let values) = train.targets {
            let fitted = FeatureScaling.fit(.standard, on: values)
            targetScaling = fitted
            if let fitted {
                fitted.standardizeTargets(of: &train)
                if var split = validation {
                    fitted.standardizeTargets(of: &split)
                    validation = split
                }
                if var split = test {
                    fitted.standardizeTargets(of: &split)
                    test = split
                }
            }
        }
        return PreparedDataset(name: raw.name, task: raw.task, featureNames: raw.featureNames,
                               classNames: raw.classNames, train: train, validation: validation,
                               test: test, featureScaling: scaling, targetScaling: targetScaling)
    }
}
