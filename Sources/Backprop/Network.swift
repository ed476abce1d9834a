// PUBLIC API CONTRACT (the engine fills this in).
import Core

/// A multilayer perceptron with all parameters in one flat buffer and gradients in a second
/// buffer of the same layout.
///
/// Layout of both buffers, layer by layer (layer 0 maps the input to the first hidden layer, the
/// last layer produces the logits): the weights `[out, in]` row-major as PyTorch's `nn.Linear`,
/// then the bias `[out]`. Hidden layers apply `spec.activation`; the output layer applies none
/// (its head is fused with the loss).
public struct Network: Sendable {
    public let spec: NetworkSpec
    public var parameters: [Float]
    public var gradients: [Float]

    /// A fresh network: weights drawn by `spec.initScheme` from the seed's "init" stream, biases 0.
    public init(spec: NetworkSpec, seed: UInt64) {
        self.spec = spec
        self.parameters = [Float](repeating: 0, count: spec.parameterCount)
        self.gradients = [Float](repeating: 0, count: spec.parameterCount)
        var generator = SeededGenerator(seed: seed, stream: "init")
        for layer in 0..<layerCount {
            let (fanIn, fanOut) = (spec.widths[layer], spec.widths[layer + 1])
            let start = weightOffset(layer: layer)
            for index in start..<(start + fanIn * fanOut) {
                parameters[index] = spec.initScheme.sample(fanIn: fanIn, fanOut: fanOut, using: &generator)
            }
        }
    }

    /// A network with the given parameters (in the layout above).
    public init(spec: NetworkSpec, parameters: [Float]) {
        precondition(parameters.count == spec.parameterCount,
                     "\(parameters.count) parameters given, the spec has \(spec.parameterCount)")
        self.spec = spec
        self.parameters = parameters
        self.gradients = [Float](repeating: 0, count: spec.parameterCount)
    }

    /// Number of dense layers (hidden layers + the output layer).
    public var layerCount: Int { spec.widths.count - 1 }

    /// Index of layer `layer`'s first weight in `parameters` / `gradients`.
    public func weightOffset(layer: Int) -> Int {
        var offset = 0
        for l in 0..<layer { offset += spec.widths[l] * spec.widths[l + 1] + spec.widths[l + 1] }
        return offset
    }

    /// Layer `layer`'s weights as a `[out, in]` matrix.
    public func weights(layer: Int) -> Matrix { slice(parameters, layer: layer, bias: false) }
    /// Layer `layer`'s bias `[out]`.
    public func bias(layer: Int) -> [Float] { slice(parameters, layer: layer, bias: true).storage }
    /// Gradient of the last `backward` call with respect to layer `layer`'s weights, `[out, in]`.
    public func weightGradients(layer: Int) -> Matrix { slice(gradients, layer: layer, bias: false) }
    /// Gradient of the last `backward` call with respect to layer `layer`'s bias.
    public func biasGradients(layer: Int) -> [Float] { slice(gradients, layer: layer, bias: true).storage }

    public mutating func setWeights(_ weights: Matrix, layer: Int) {
        let (fanIn, fanOut) = (spec.widths[layer], spec.widths[layer + 1])
        precondition(weights.rows == fanOut && weights.columns == fanIn, "layer \(layer) takes [\(fanOut), \(fanIn)] weights")
        let start = weightOffset(layer: layer)
        parameters.replaceSubrange(start..<(start + fanIn * fanOut), with: weights.storage)
    }

    public mutating func setBias(_ bias: [Float], layer: Int) {
        let (fanIn, fanOut) = (spec.widths[layer], spec.widths[layer + 1])
        precondition(bias.count == fanOut, "layer \(layer) takes \(fanOut) biases")
        let start = weightOffset(layer: layer) + fanIn * fanOut
        parameters.replaceSubrange(start..<(start + fanOut), with: bias)
    }

    private func slice(_ buffer: [Float], layer: Int, bias: Bool) -> Matrix {
        let (fanIn, fanOut) = (spec.widths[layer], spec.widths[layer + 1])
        let start = weightOffset(layer: layer) + (bias ? fanIn * fanOut : 0)
        let count = bias ? fanOut : fanIn * fanOut
        return Matrix(rows: bias ? 1 : fanOut, columns: bias ? fanOut : fanIn,
                      storage: Array(buffer[start..<(start + count)]))
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
