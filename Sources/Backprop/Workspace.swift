import CKernels
import Core

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
    /// What surrounds each hidden layer (norm, dropout, residual), and whether any block is not
    /// plain: only then do the passes take their block path and the buffers below exist.
    let blocks: [HiddenBlock]
    let hasBlocks: Bool
    /// Per hidden layer, present only when its block needs it (nil otherwise): the normalised
    /// pre-activations xhat and the norm's output y (the activation's input), [fanOut, batch];
    /// the norm's mean and inverse standard deviation (per feature for batch norm, per sample for
    /// layer norm); the activation's output before dropout / the skip; the dropout mask.
    let normalized: [UnsafeMutablePointer<Float>?]
    let normOutputs: [UnsafeMutablePointer<Float>?]
    let normMeans: [UnsafeMutablePointer<Float>?]
    let normInverseStds: [UnsafeMutablePointer<Float>?]
    let activated: [UnsafeMutablePointer<Float>?]
    /// Dropout masks (0 or 1 / (1 - p)); all ones until a caller draws them.
    let masks: [UnsafeMutablePointer<Float>?]
    /// d loss / d (input of layer l), [widths[l], batch], for l >= 1 when the network has blocks.
    let inputGradients: [UnsafeMutablePointer<Float>?]
    /// Layer norm's backward scratch: 2 * capacity floats.
    let normScratch: UnsafeMutablePointer<Float>
    /// The threads the products of a training step split over; nil runs them on the caller.
    var pool: GemmPool?
    /// Outputs up to this many floats are one panel of the fused passes (tests lower it to cut
    /// small networks into panels too; the bits do not depend on it).
    var wholePanelFloats = Propagation.wholePanelFloats
    private var owned: [UnsafeMutablePointer<Float>] = []

    init(layout: ParameterLayout, blocks: [HiddenBlock] = [], capacity: Int) {
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
        precondition(blocks.isEmpty || blocks.count == layerCount - 1, "\(blocks.count) blocks for \(layerCount - 1) hidden layers")
        self.blocks = blocks
        let hasBlocks = blocks.contains { !$0.isPlain }
        self.hasBlocks = hasBlocks
        let hidden = hasBlocks ? blocks : [], layerCount = layout.layerCount
        func perBlock(_ needs: (HiddenBlock) -> Bool, _ count: (Int) -> Int) -> [UnsafeMutablePointer<Float>?] {
            (0..<(layerCount - 1)).map { l in l < hidden.count && needs(hidden[l]) ? buffer(count(widths[l + 1])) : nil }
        }
        normalized = perBlock({ $0.norm != .none }) { $0 * capacity }
        normOutputs = perBlock({ $0.norm != .none }) { $0 * capacity }
        normMeans = perBlock({ $0.norm != .none }) { max($0, capacity) }
        normInverseStds = perBlock({ $0.norm != .none }) { max($0, capacity) }
        activated = perBlock({ $0.dropout > 0 || $0.residual }) { $0 * capacity }
        masks = perBlock({ $0.dropout > 0 }) { $0 * capacity }
        for (l, mask) in masks.enumerated() { mask?.update(repeating: 1, count: widths[l + 1] * capacity) }
        inputGradients = (0..<layerCount).map { l in hasBlocks && l > 0 ? buffer(widths[l] * capacity) : nil }
        normScratch = buffer(2 * capacity)
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

extension Workspace {
    /// Fresh dropout masks for a batch of `batch` samples, hidden layer after hidden layer.
    func drawMasks(batch: Int, using generator: inout SeededGenerator) {
        for (l, mask) in masks.enumerated() {
            guard let mask else { continue }
            DropoutMask.draw(mask, count: widths[l + 1] * batch, probability: blocks[l].dropout, using: &generator)
        }
    }
}

/// dst[c * rows + r] = src[r * columns + c], by CKernels' blocked (AVX-512 / AVX2) transpose.
@inline(__always)
func transpose(_ src: UnsafePointer<Float>, rows: Int, columns: Int, into dst: UnsafeMutablePointer<Float>) {
    gb_transpose(rows, columns, src, columns, dst, rows)
}
