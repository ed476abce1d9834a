/// What a network learns to predict for each row of `inputs`.
public enum Targets: Sendable, Equatable {
    /// Class indices in 0..<classCount (softmax head, or sigmoid head when classCount == 2).
    case classes(labels: [Int32], classCount: Int)
    /// Real-valued targets, one row per sample (linear head + MSE).
    case values(Matrix)

    public var count: Int {
        switch self {
        case .classes(let labels, _): return labels.count
        case .values(let matrix): return matrix.rows
        }
    }
}

/// A split of a data set as the engine consumes it.
public struct LabeledData: Sendable, Equatable {
    public var inputs: Matrix
    public var targets: Targets

    public init(inputs: Matrix, targets: Targets) {
        precondition(inputs.rows == targets.count, "\(inputs.rows) input rows but \(targets.count) targets")
        self.inputs = inputs
        self.targets = targets
    }

    public var count: Int { inputs.rows }
    public var featureCount: Int { inputs.columns }
}
