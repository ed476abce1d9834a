/// A dense row-major fp32 matrix: `rows` samples (or outputs) by `columns` features.
/// The engine's batches, weights and data sets all use this one layout.
public struct Matrix: Sendable, Equatable {
    public private(set) var rows: Int
    public private(set) var columns: Int
    public var storage: [Float]

    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = [Float](repeating: value, count: rows * columns)
    }

    public init(rows: Int, columns: Int, storage: [Float]) {
        precondition(storage.count == rows * columns, "storage holds \(storage.count) values, not \(rows)x\(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    public subscript(row: Int, column: Int) -> Float {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// The rows at `indices`, in that order (used to gather shuffled mini-batches and splits).
    public func gatherRows(_ indices: some Collection<Int>) -> Matrix {
        var result = [Float](repeating: 0, count: indices.count * columns)
        storage.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { target in
                var offset = 0
                for row in indices {
                    precondition(row >= 0 && row < rows, "row \(row) out of range 0..<\(rows)")
                    let start = row * columns
                    for column in 0..<columns { target[offset + column] = source[start + column] }
                    offset += columns
                }
            }
        }
        return Matrix(rows: indices.count, columns: columns, storage: result)
    }
}
