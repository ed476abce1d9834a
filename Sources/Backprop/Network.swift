// PUBLIC API CONTRACT (the engine fills this in).

/// A multilayer perceptron with all parameters in one flat buffer and gradients in a second
/// buffer of the same layout.
public struct Network: Sendable {
    public let spec: NetworkSpec
    public var parameters: [Float]
    public var gradients: [Float]

    public init(spec: NetworkSpec, seed: UInt64) {
        self.spec = spec
        self.parameters = [Float](repeating: 0, count: spec.parameterCount)
        self.gradients = [Float](repeating: 0, count: spec.parameterCount)
    }

    /// Safetensors bytes: tensors `layers.{i}.weight` [out, in] and `layers.{i}.bias` [out].
    public func safetensors(metadata: [String: String]) -> [UInt8] { fatalError("engine not implemented yet") }
}
