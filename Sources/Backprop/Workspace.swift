import CKernels

/// Preallocated buffers for propagating batches of up to `capacity` samples through one network
/// shape, so a training step allocates nothing.
///
/// Layouts (the choice that lets every product be one `gb_gemm` call without a transpose of the
/// weights): weights are PyTorch's `[out, in]`; pre-activations, deltas and the feature-major
/// activation copies are `[features, batch]` with the current batch size as row stride; the
/// batch-major activation copies `[batch, features]` feed the weight-gradient product.
final class Workspace {
    /// Where each layer's weights and bias live in the parameter buffers the passes read.
    let layout: ParameterLayout
    let widths: [Int]
    let capacity: Int
    /// Number of dense layers (hidden layers + output layer).
    let layerCount: Int
    /// Input of layer l, feature-major [widths[l], batch] (index 0 is the staged input batch).
    let activationsFM: [UnsafeMutablePointer<Float>]
    /// Input of layer l, batch-major [batch, widths[l]].
    let activationsBM: [UnsafeMutablePointer<Float>]
    /// Output of layer l before its activation, feature-major [widths[l + 1], batch].
    let preactivations: [UnsafeMutablePointer<Float>]
    /// d loss / d preactivations of layer l, feature-major [widths[l + 1], batch].
    let deltas: [UnsafeMutablePointer<Float>]
    /// Staged class labels of the batch.
    let labels: UnsafeMutablePointer<Int32>
    /// Staged real-valued targets of the batch, batch-major [batch, outputs].
    let targets: UnsafeMutablePointer<Float>
    /// The softmax head's exp(z - max) [outputs, batch] when no gradient buffer receives them.
    let headExponentials: UnsafeMutablePointer<Float>
    /// Per-sample scratch of the head: three rows of `capacity` floats (max, sum, log-sum-exp).
    let headColumns: UnsafeMutablePointer<Float>
    /// The threads the products of a training step split over; nil runs them on the caller.
    var pool: GemmPool?
    private var owned: [UnsafeMutablePointer<Float>] = []

    init(layout: ParameterLayout, capacity: Int) {
        precondition(capacity > 0, "a workspace holds at least one sample")
        self.layout = layout
        let widths = layout.widths
        self.widths = widths
        self.capacity = capacity
        layerCount = layout.layerCount
        var owned: [UnsafeMutablePointer<Float>] = []
        func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
            pointer.initialize(repeating: 0, count: max(count, 1))
            owned.append(pointer)
            return pointer
        }
        activationsFM = (0..<layerCount).map { buffer(widths[$0] * capacity) }
        activationsBM = (0..<layerCount).map { buffer(widths[$0] * capacity) }
        preactivations = (0..<layerCount).map { buffer(widths[$0 + 1] * capacity) }
        deltas = (0..<layerCount).map { buffer(widths[$0 + 1] * capacity) }
        targets = buffer(widths[layerCount] * capacity)
        headExponentials = buffer(widths[layerCount] * capacity)
        headColumns = buffer(3 * capacity)
        labels = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        labels.initialize(repeating: 0, count: capacity)
        self.owned = owned
    }

    deinit {
        for pointer in owned { pointer.deallocate() }
        labels.deallocate()
    }

    var inputWidth: Int { widths[0] }
    var outputWidth: Int { widths[layerCount] }

    /// Copies `rows` (indices into `data`) into the input buffers and the target buffers.
    func stage(_ data: LabeledData, rows: UnsafeBufferPointer<Int>) {
        let batch = rows.count
        precondition(batch <= capacity, "batch of \(batch) exceeds workspace capacity \(capacity)")
        let columns = data.inputs.columns
        precondition(columns == inputWidth, "data has \(columns) features, the network takes \(inputWidth)")
        data.inputs.storage.withUnsafeBufferPointer { source in
            let base = source.baseAddress!
            for (j, row) in rows.enumerated() {
                (activationsBM[0] + j * columns).update(from: base + row * columns, count: columns)
            }
        }
        transpose(activationsBM[0], rows: batch, columns: columns, into: activationsFM[0])
        switch data.targets {
        case .classes(let all, _):
            all.withUnsafeBufferPointer { source in
                for (j, row) in rows.enumerated() { labels[j] = source[row] }
            }
        case .values(let matrix):
            let width = matrix.columns
            precondition(width == outputWidth, "targets have \(width) columns, the network outputs \(outputWidth)")
            matrix.storage.withUnsafeBufferPointer { source in
                let base = source.baseAddress!
                for (j, row) in rows.enumerated() {
                    (targets + j * width).update(from: base + row * width, count: width)
                }
            }
        }
    }
}

/// dst[c * rows + r] = src[r * columns + c], by CKernels' blocked (AVX-512 / AVX2) transpose.
@inline(__always)
func transpose(_ src: UnsafePointer<Float>, rows: Int, columns: Int, into dst: UnsafeMutablePointer<Float>) {
    gb_transpose(rows, columns, src, columns, dst, rows)
}
