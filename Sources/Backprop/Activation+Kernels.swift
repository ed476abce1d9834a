// Activation functions as PyTorch defines them (torch.nn defaults): leaky_relu slope 0.01, elu
// alpha 1, gelu the exact erf form, softplus beta 1 with threshold 20.
// The fp32 kernels run over raw buffers with the enum switch outside the loop (the transcendental
// ones in CKernels' activations.c); the Double versions are the naive reference the tests compare
// against.

import CKernels
import Core

extension Activation {
    /// The CKernels function code (`GB_ACTIVATION_*`) of the transcendental activations, nil for
    /// the piecewise-linear ones (computed here in Swift).
    var kernelFunction: Int32? {
        switch self {
        case .identity, .relu, .leaky_relu: return nil
        case .elu: return GB_ACTIVATION_ELU
        case .gelu: return GB_ACTIVATION_GELU
        case .silu: return GB_ACTIVATION_SILU
        case .tanh: return GB_ACTIVATION_TANH
        case .sigmoid: return GB_ACTIVATION_SIGMOID
        case .softplus: return GB_ACTIVATION_SOFTPLUS
        }
    }

    /// a[i] = f(z[i]) for i in 0..<count. The transcendental functions run in CKernels
    /// (vectorised, bit-identical on every kernel variant); `value(_:)` is their Double reference.
    func forward(_ z: UnsafePointer<Float>, _ a: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .identity:
            if UnsafePointer(a) != z { a.update(from: z, count: count) }
        case .relu:
            rectify(z, a, count: count, negativeSlope: 0)
        case .leaky_relu:
            rectify(z, a, count: count, negativeSlope: 0.01)
        case .elu, .gelu, .silu, .tanh, .sigmoid, .softplus:
            gb_activation_forward(kernelFunction!, count, z, a)
        }
    }

    /// d[i] *= f'(z[i]) where a[i] = f(z[i]) is the stored forward output (`derivative(_:)` is
    /// the Double reference).
    func backward(_ z: UnsafePointer<Float>, _ a: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .identity:
            return
        case .relu:
            rectify(z, d, d, count: count, negativeSlope: 0)
        case .leaky_relu:
            rectify(z, d, d, count: count, negativeSlope: 0.01)
        case .elu, .gelu, .silu, .tanh, .sigmoid, .softplus:
            gb_activation_backward(kernelFunction!, count, z, a, d)
        }
    }

    /// out[i] = z[i] > 0 ? z[i] : slope * z[i], eight lanes at a time (a scalar select compiles to
    /// a mispredicted branch per element).
    @inline(__always)
    private func rectify(_ z: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int, negativeSlope: Float) {
        rectify(z, z, out, count: count, negativeSlope: negativeSlope)
    }

    /// out[i] = z[i] > 0 ? v[i] : slope * v[i] (forward with v = z, backward with v = delta).
    private func rectify(_ z: UnsafePointer<Float>, _ v: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                         count: Int, negativeSlope: Float) {
        let rawZ = UnsafeRawPointer(z), rawV = UnsafeRawPointer(v), rawOut = UnsafeMutableRawPointer(out)
        let slope = SIMD8<Float>(repeating: negativeSlope)
        var i = 0
        while i + 8 <= count {
            let x = rawZ.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            let y = rawV.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            rawOut.storeBytes(of: y.replacing(with: y * slope, where: x .<= 0), toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            out[i] = z[i] > 0 ? v[i] : negativeSlope * v[i]
            i += 1
        }
    }

    /// f(x) in Double: the reference definition.
    public func value(_ x: Double) -> Double {
        switch self {
        case .identity: return x
        case .relu: return max(x, 0)
        case .leaky_relu: return x > 0 ? x : 0.01 * x
        case .elu: return x > 0 ? x : _expm1(x)
        case .gelu: return 0.5 * x * (1 + _erf(x / 2.0.squareRoot()))
        case .silu: return x / (1 + _exp(-x))
        case .tanh: return _tanh(x)
        case .sigmoid: return 1 / (1 + _exp(-x))
        case .softplus: return x > 20 ? x : _log1p(_exp(x))
        }
    }

    /// f'(x) in Double (at the kinks of relu-like functions, the right-continuous choice PyTorch
    /// makes: 0 for relu at 0, the negative-side slope for leaky_relu and elu).
    public func derivative(_ x: Double) -> Double {
        switch self {
        case .identity: return 1
        case .relu: return x > 0 ? 1 : 0
        case .leaky_relu: return x > 0 ? 1 : 0.01
        case .elu: return x > 0 ? 1 : _exp(x)
        case .gelu:
            return 0.5 * (1 + _erf(x / 2.0.squareRoot())) + x * _exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
        case .silu:
            let s = 1 / (1 + _exp(-x))
            return s * (1 + x * (1 - s))
        case .tanh:
            let t = _tanh(x)
            return 1 - t * t
        case .sigmoid:
            let s = 1 / (1 + _exp(-x))
            return s * (1 - s)
        case .softplus: return x > 20 ? 1 : 1 / (1 + _exp(-x))
        }
    }
}
