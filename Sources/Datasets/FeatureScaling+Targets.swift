import Backprop
import Core

/// A `FeatureScaling` fitted on regression targets (`PreparedDataset.targetScaling`): the network
/// learns standardised targets, and these helpers take its numbers back to the data's units.
extension FeatureScaling {
    /// Standardises the real-valued targets of `data` in place (class targets are left alone).
    func standardizeTargets(of data: inout LabeledData) {
        guard case .values(var values) = data.targets else { return }
        data.targets = .values(Matrix(rows: 0, columns: 0))  // drop the second reference: scale in place
        apply(to: &values)
        data.targets = .values(values)
    }

    /// Predictions (or targets) in scaled units, one row per sample, back in the original units:
    /// `value * scale + shift` per column.
    public func originalValues(_ scaled: Matrix) -> Matrix {
        precondition(scaled.columns == shift.count, "scaling fitted on \(shift.count) columns, given \(scaled.columns)")
        var result = scaled
        let columns = scaled.columns
        result.storage.withUnsafeMutableBufferPointer { values in
            for index in values.indices {
                let column = index % columns
                values[index] = values[index] * scale[column] + shift[column]
            }
        }
        return result
    }

    /// Factor that takes a squared error over all target values (MSE, and the linear head's loss,
    /// which is the same MSE) from scaled to original units: the mean of the columns' `scale^2`.
    /// Exact for one target column (every CSV and built-in regression set has one); with several
    /// it is exact when their errors are spread evenly, since the engine reports one pooled value.
    public var squaredErrorFactor: Double {
        guard !scale.isEmpty else { return 1 }
        return scale.reduce(0) { $0 + Double($1) * Double($1) } / Double(scale.count)
    }

    /// Factor for an absolute error (MAE): the mean of the columns' `scale`.
    public var absoluteErrorFactor: Double {
        guard !scale.isEmpty else { return 1 }
        return scale.reduce(0) { $0 + Double($1) } / Double(scale.count)
    }

    /// Regression metrics from the engine (learning standardised targets through a linear head)
    /// in the original units: `*_loss` and `*_mse` x std^2, `*_mae` x std; `*_r2` is scale-free and
    /// every other entry is kept as it is. An l1 loss scales as the MAE; Huber's has no single
    /// factor (its delta is in standardised units), so a huber loss stays in standardised units.
    public func metricsInOriginalUnits(_ metrics: [String: Double], loss: LossFunction = .mse) -> [String: Double] {
        var result = metrics
        let lossFactor: Double = loss == .l1 ? absoluteErrorFactor : loss == .huber ? 1 : squaredErrorFactor
        for (name, value) in metrics {
            if name.hasSuffix("_loss") || name == "loss" {
                result[name] = value * lossFactor
            } else if name.hasSuffix("_mse") || name == "mse" {
                result[name] = value * squaredErrorFactor
            } else if name.hasSuffix("_mae") || name == "mae" {
                result[name] = value * absoluteErrorFactor
            }
        }
        return result
    }
}
