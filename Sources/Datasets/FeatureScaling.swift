import Backprop
import Core

/// Per-feature `(x - shift) / scale`, fitted on the training split only so that nothing about the
/// validation or test rows leaks into training.
public struct FeatureScaling: Sendable, Equatable {
    public var method: Normalization
    public var shift: [Float]
    public var scale: [Float]

    public init(method: Normalization, shift: [Float], scale: [Float]) {
        precondition(shift.count == scale.count, "shift and scale must have one entry per feature")
        self.method = method
        self.shift = shift
        self.scale = scale
    }

    /// Fits `method` on `inputs`; nil for `.none`. A constant feature gets scale 1 (it becomes 0
    /// after the shift) instead of a division by zero. Statistics are accumulated in Double.
    public static func fit(_ method: Normalization, on inputs: Matrix) -> FeatureScaling? {
        let columns = inputs.columns
        let rows = inputs.rows
        switch method {
        case .none:
            return nil
        case .standard:
            var mean = [Double](repeating: 0, count: columns)
            var squares = [Double](repeating: 0, count: columns)
            inputs.storage.withUnsafeBufferPointer { values in
                for row in 0..<rows {
                    let base = row * columns
                    for column in 0..<columns { mean[column] += Double(values[base + column]) }
                }
                for column in 0..<columns { mean[column] /= Double(max(rows, 1)) }
                for row in 0..<rows {
                    let base = row * columns
                    for column in 0..<columns {
                        let delta = Double(values[base + column]) - mean[column]
                        squares[column] += delta * delta
                    }
                }
            }
            let deviation = squares.map { ($0 / Double(max(rows, 1))).squareRoot() }
            return FeatureScaling(method: method, shift: mean.map { Float($0) },
                                  scale: deviation.map { $0 > 0 ? Float($0) : 1 })
        case .minmax:
            var low = [Float](repeating: .infinity, count: columns)
            var high = [Float](repeating: -.infinity, count: columns)
            inputs.storage.withUnsafeBufferPointer { values in
                for row in 0..<rows {
                    let base = row * columns
                    for column in 0..<columns {
                        low[column] = min(low[column], values[base + column])
                        high[column] = max(high[column], values[base + column])
                    }
                }
            }
            if rows == 0 { return FeatureScaling(method: method, shift: .init(repeating: 0, count: columns), scale: .init(repeating: 1, count: columns)) }
            return FeatureScaling(method: method, shift: low,
                                  scale: zip(low, high).map { $1 > $0 ? $1 - $0 : 1 })
        }
    }

    /// Applies the fitted shift and scale in place.
    public func apply(to matrix: inout Matrix) {
        // Division rather than a reciprocal multiply so minmax maps the maximum to exactly 1.
        precondition(matrix.columns == shift.count, "scaling fitted on \(shift.count) features, applied to \(matrix.columns)")
        let columns = matrix.columns
        let rows = matrix.rows
        matrix.storage.withUnsafeMutableBufferPointer { values in
            for row in 0..<rows {
                let base = row * columns
                for column in 0..<columns {
                    values[base + column] = (values[base + column] - shift[column]) / scale[column]
                }
            }
        }
    }
}
