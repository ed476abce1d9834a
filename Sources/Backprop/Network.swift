import Core

/// A multilayer perceptron with all parameters in one flat buffer and gradients in a second
/// buffer of the same layout, `layout` (per layer the weights `[out, in]` row-major as PyTorch's
/// `nn.Linear`, then the bias `[out]`; see `ParameterLayout`). Hidden layers apply
/// `spec.activation`; the output layer applies none (its head is fused with the loss).
public struct Network: Sendable {
    public let spec: NetworkSpec
    /// `spec`'s layout, computed once here.
    public let layout: ParameterLayout
    public var parameters: [Float]
    public var gradients: [Float]
    /// Non-trainable state in `layout`'s buffer region: batch norm's running means (start 0) and
    /// running variances (start 1), as BatchNorm1d initialises them. Empty without batch norm.
    public var buffers: [Float]
    /// Training steps that updated the running statistics (BatchNorm1d's `num_batches_tracked`).
    public var batchesTracked: Int = 0

    /// A fresh network: weights drawn by `spec.initScheme` from the seed's "init" stream, biases 0.
    public init(spec: NetworkSpec, seed: UInt64) {
        self.spec = spec
        layout = spec.layout
        parameters = [Float](repeating: 0, count: layout.parameterCount)
        gradients = [Float](repeating: 0, count: layout.parameterCount)
        buffers = Self.initialBuffers(layout)
        var generator = SeededGenerator(seed: seed, stream: "init")
        for slots in layout.layers {
            for index in slots.weights {
                parameters[index] = spec.initScheme.sample(fanIn: slots.fanIn, fanOut: slots.fanOut, using: &generator)
            }
            // Norms start as the identity (scale 1, shift 0), as PyTorch's affine norms do; no draws,
            // so the weights are the same as those of the network without norms.
            if let norm = slots.norm { for index in norm.scale { parameters[index] = 1 } }
        }
    }

    /// A network with the given parameters (in the layout above) and buffers (nil: fresh running
    /// statistics).
    public init(spec: NetworkSpec, parameters: [Float], buffers: [Float]? = nil) {
        let layout = spec.layout
        precondition(parameters.count == layout.parameterCount,
                     "\(parameters.count) parameters given, the spec has \(layout.parameterCount)")
        self.spec = spec
        self.layout = layout
        self.parameters = parameters
        gradients = [Float](repeating: 0, count: layout.parameterCount)
        self.buffers = buffers ?? Self.initialBuffers(layout)
        precondition(self.buffers.count == layout.bufferCount,
                     "\(self.buffers.count) buffer values given, the spec has \(layout.bufferCount)")
    }

    /// Running means 0 and running variances 1.
    static func initialBuffers(_ layout: ParameterLayout) -> [Float] {
        var buffers = [Float](repeating: 0, count: layout.bufferCount)
        for slots in layout.layers {
            if let variance = slots.norm?.runningVariance { for index in variance { buffers[index] = 1 } }
        }
        return buffers
    }

    /// Number of dense layers (hidden layers + the output layer).
    public var layerCount: Int { layout.layerCount }

    /// Index of layer `layer`'s first weight in `parameters` / `gradients`.
    public func weightOffset(layer: Int) -> Int { layout.layers[layer].weights.lowerBound }

    /// Layer `layer`'s weights as a `[out, in]` matrix.
    public func weights(layer: Int) -> Matrix { slice(parameters, layer: layer, bias: false) }
    /// Layer `layer`'s bias `[out]`.
    public func bias(layer: Int) -> [Float] { slice(parameters, layer: layer, bias: true).storage }
    /// Gradient of the last `backward` call with respect to layer `layer`'s weights, `[out, in]`.
    public func weightGradients(layer: Int) -> Matrix { slice(gradients, layer: layer, bias: false) }
    /// Gradient of the last `backward` call with respect to layer `layer`'s bias.
    public func biasGradients(layer: Int) -> [Float] { slice(gradients, layer: layer, bias: true).storage }

    public mutating func setWeights(_ weights: Matrix, layer: Int) {
        let slots = layout.layers[layer]
        precondition(weights.rows == slots.fanOut && weights.columns == slots.fanIn,
                     "layer \(layer) takes [\(slots.fanOut), \(slots.fanIn)] weights")
        parameters.replaceSubrange(slots.weights, with: weights.storage)
    }

    public mutating func setBias(_ bias: [Float], layer: Int) {
        let slots = layout.layers[layer]
        precondition(bias.count == slots.fanOut, "layer \(layer) takes \(slots.fanOut) biases")
        parameters.replaceSubrange(slots.bias, with: bias)
    }

    private func slice(_ buffer: [Float], layer: Int, bias: Bool) -> Matrix {
        let slots = layout.layers[layer]
        return Matrix(rows: bias ? 1 : slots.fanOut, columns: bias ? slots.fanOut : slots.fanIn,
                      storage: Array(buffer[bias ? slots.bias : slots.weights]))
    }

    /// Safetensors bytes: tensors `layers.{i}.weight` [out, in] and `layers.{i}.bias` [out].
    public func safetensors(metadata: [String: String]) -> [UInt8] { SafetensorsWriter.encode(self, metadata: metadata) }
}

extension InitScheme {
    /// He: normal, std sqrt(2 / fan_in) (kaiming_normal_); Glorot: uniform +- sqrt(6 / (fan_in +
    /// fan_out)) (xavier_uniform_); LeCun: normal, std sqrt(1 / fan_in).
    func sample(fanIn: Int, fanOut: Int, using generator: inout SeededGenerator) -> Float {
        switch self {
        case .he: return Float(generator.nextGaussian() * (2 / Double(fanIn)).squareRoot())
        case .lecun: return Float(generator.nextGaussian() * (1 / Double(fanIn)).squareRoot())
        case .glorot:
            let limit = (6 / Double(fanIn + fanOut)).squareRoot()
            return Float((2 * generator.nextDouble() - 1) * limit)
        }
    }
}
