/// Where every tensor of a network lives in its flat buffers: the one definition of the offsets,
/// computed once per `NetworkSpec` (llm.c's `fill_in_parameter_sizes`) and read by everything that
/// indexes a parameter buffer (`Network`, `Workspace` and `Propagation`, the optimizer loop, the
/// layer statistics, the safetensors writer, the tests' Double reference).
///
/// Trainable parameters, layer after layer (layer 0 maps the input to the first hidden layer, the
/// last layer produces the logits): the weights `[out, in]` row-major as PyTorch's `nn.Linear`,
/// then the bias `[out]`, then, when a normalisation follows the layer, its scale `[out]` and
/// shift `[out]`. Gradients and the optimizer's moment buffers share this layout, so one index
/// means the same parameter in all of them.
///
/// Non-trainable buffers (batch norm's running mean and running variance) are indexed into a
/// second buffer of `bufferCount` floats, not into the parameters: the optimizer's passes over
/// `0..<parameterCount` (whole buffer or range by range) then cannot reach them by construction.
///
/// Only `NetworkSpec.norm` adds norm slots, so a network without one has exactly the layout (and
/// the offsets) it had before normalisations existed.
public struct ParameterLayout: Sendable, Equatable {
    /// What a normalisation after a hidden layer stores (all the layout needs to know of it).
    public enum NormStorage: Sendable, Equatable {
        /// A trainable scale and shift (layer norm).
        case scaleShift
        /// A trainable scale and shift, plus running mean and variance buffers (batch norm).
        case scaleShiftRunningStatistics
    }

    /// The slots of one normalisation, each `fanOut` wide.
    public struct NormSlots: Sendable, Equatable {
        /// Trainable, in the parameter buffer.
        public let scale: Range<Int>
        /// Trainable, in the parameter buffer.
        public let shift: Range<Int>
        /// Non-trainable, in the buffer region (nil when the norm keeps no running statistics).
        public let runningMean: Range<Int>?
        /// Non-trainable, in the buffer region (nil when the norm keeps no running statistics).
        public let runningVariance: Range<Int>?
    }

    /// The slots of one dense layer.
    public struct LayerSlots: Sendable, Equatable {
        public let fanIn: Int
        public let fanOut: Int
        /// `[fanOut, fanIn]` row-major.
        public let weights: Range<Int>
        /// `[fanOut]`.
        public let bias: Range<Int>
        /// The normalisation after this (hidden) layer, nil when there is none.
        public let norm: NormSlots?
        /// Every trainable range of the layer in buffer order (weights, bias, then the norm's
        /// scale and shift): the ranges the optimizer updates one by one. Stored, so the step
        /// loop reads it without allocating.
        public let trainable: [Range<Int>]
    }

    /// Layer widths including input and output: [in, h1, ..., out].
    public let widths: [Int]
    /// One entry per dense layer (hidden layers + the output layer).
    public let layers: [LayerSlots]
    /// Floats in the parameter buffer (and in the gradient buffer): every trainable slot.
    public let parameterCount: Int
    /// Floats in the non-trainable buffer region.
    public let bufferCount: Int

    /// The layout of `spec`: a norm after every hidden layer when `spec.norm` asks for one.
    public init(spec: NetworkSpec) {
        let storage: NormStorage?
        switch spec.norm {
        case .none: storage = nil
        case .layer: storage = .scaleShift
        case .batch: storage = .scaleShiftRunningStatistics
        }
        self.init(widths: spec.widths, norms: storage.map { [NormStorage?](repeating: $0, count: spec.hidden.count) } ?? [])
    }

    /// The layout of a network of `widths` whose hidden layer `i` is followed by `norms[i]` (nil
    /// or past the end: none). The output layer never has a norm (its head is fused with the loss).
    init(widths: [Int], norms: [NormStorage?]) {
        precondition(widths.count >= 2, "a network needs an input and an output layer")
        precondition(norms.count <= widths.count - 2, "\(norms.count) norms for \(widths.count - 2) hidden layers")
        self.widths = widths
        var parameter = 0, buffer = 0
        // Hands out the next `count` floats of the parameter buffer / the buffer region.
        func nextParameters(_ count: Int) -> Range<Int> {
            defer { parameter += count }
            return parameter..<(parameter + count)
        }
        func nextBuffer(_ count: Int) -> Range<Int> {
            defer { buffer += count }
            return buffer..<(buffer + count)
        }
        var layers: [LayerSlots] = []
        for l in 0..<(widths.count - 1) {
            let (fanIn, fanOut) = (widths[l], widths[l + 1])
            let weights = nextParameters(fanOut * fanIn)
            let bias = nextParameters(fanOut)
            var norm: NormSlots?
            if l < norms.count, let storage = norms[l] {
                let scale = nextParameters(fanOut), shift = nextParameters(fanOut)
                let running = storage == .scaleShiftRunningStatistics
                norm = NormSlots(scale: scale, shift: shift, runningMean: running ? nextBuffer(fanOut) : nil,
                                 runningVariance: running ? nextBuffer(fanOut) : nil)
            }
            let trainable = [weights, bias] + (norm.map { [$0.scale, $0.shift] } ?? [])
            layers.append(LayerSlots(fanIn: fanIn, fanOut: fanOut, weights: weights, bias: bias, norm: norm,
                                     trainable: trainable))
        }
        self.layers = layers
        parameterCount = parameter
        bufferCount = buffer
    }

    /// Number of dense layers (hidden layers + the output layer).
    public var layerCount: Int { layers.count }
}
