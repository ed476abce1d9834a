import Backprop

extension DatasetLoader {
    /// Splits `raw` as `spec` asks and normalises every split with statistics of the training split.
    static func prepare(_ raw: consuming RawDataset, spec: DatasetSpec) throws -> PreparedDataset {
        let folds = spec.folds.map { (count: $0, fold: spec.fold ?? 1) }
        if let folds {
            try FoldPlan.validate(folds: folds.count, fold: folds.fold, test: spec.test)
        } else {
            try DatasetSplitter.validate(validation: spec.validation, test: spec.test)
        }
        guard raw.count > 0 else { throw DatasetError(message: "data set '\(raw.name)' has no rows") }
        let indices = folds.map { FoldPlan.split(targets: raw.targets, folds: $0.count, fold: $0.fold, test: spec.test, seed: spec.seed) }
            ?? DatasetSplitter.split(targets: raw.targets, validation: spec.validation, test: spec.test, seed: spec.seed)
        return try prepare(raw, spec: spec, indices: indices, hasValidation: folds != nil || spec.validation > 0, hasTest: spec.test > 0)
    }

    /// Imputes, gathers and normalises the splits `indices` gives (drawn, folded, or the fixed files' rows).
    static func prepare(_ raw: consuming RawDataset, spec: DatasetSpec, indices: SplitIndices,
                        hasValidation: Bool, hasTest: Bool) throws -> PreparedDataset {
        var preparation = raw.preparation
        if preparation.rowsRead == 0 { preparation.rowsRead = raw.count }
        // Filled before the rows are gathered into splits, with statistics of the training rows only.
        if !raw.gaps.isEmpty {
            preparation.imputed += MissingValueImputer.fill(&raw, trainingRows: indices.train, numeric: spec.numericImputation)
        }
        // In column order, whichever step filled them.
        let featureNames = raw.featureNames
        func position(_ column: String) -> Int {
            featureNames.firstIndex { $0 == column || $0.hasPrefix(column + "=") } ?? featureNames.count
        }
        preparation.imputed.sort { position($0.column) < position($1.column) }
        preparation.classNames = raw.classNames
        preparation.classBalance = Self.classBalance(raw.targets, indices: indices,
                                                     validation: hasValidation, test: hasTest)
        var train = raw.subset(indices.train)
        var validation = hasValidation ? raw.subset(indices.validation) : nil
        var test = hasTest ? raw.subset(indices.test) : nil
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
                               test: test, featureScaling: scaling, targetScaling: targetScaling,
                               preparation: preparation)
    }

    /// Rows per class in each split (empty for regression).
    static func classBalance(_ targets: Targets, indices: SplitIndices, validation: Bool,
                             test: Bool) -> [DataPreparationSummary.SplitBalance] {
        guard case .classes(let labels, let classCount) = targets else { return [] }
        func counts(_ rows: [Int]) -> [Int] {
            var result = [Int](repeating: 0, count: classCount)
            for row in rows { result[Int(labels[row])] += 1 }
            return result
        }
        var result = [DataPreparationSummary.SplitBalance(split: "train", counts: counts(indices.train))]
        if validation { result.append(.init(split: "validation", counts: counts(indices.validation))) }
        if test { result.append(.init(split: "test", counts: counts(indices.test))) }
        return result
    }
}
