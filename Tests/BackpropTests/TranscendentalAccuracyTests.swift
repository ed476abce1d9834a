#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Backprop
import CKernels
import Core
import Testing

// The fp32 transcendental kernels against the double-precision definitions PyTorch states
// (torch.nn defaults), over a dense sweep: every 1021st float from 2^-126 to 128, both signs
// (~2.2 million inputs). The error is in units in the last place of the correctly rounded result
// (normal results only: a subnormal output has no relative precision to measure).
// Measured maxima (2026-11-29): elu 0.87, gelu 5.3 (x < -1; 2.6 elsewhere), silu 2.3, tanh 2.4,
// sigmoid 2.4, softplus 1.9, exp 0.97, log 0.83 ulp; derivatives within 2.3e-7 absolute.
struct TranscendentalAccuracyTests {
    static func reference(_ code: Int32, _ x: Double) -> Double {
        switch code {
        case GB_ACTIVATION_ELU: return x > 0 ? x : expm1(x)
        // erfc instead of 1 + erf: the same value, without the cancellation of the double form.
        case GB_ACTIVATION_GELU: return 0.5 * x * erfc(-x / 2.0.squareRoot())
        case GB_ACTIVATION_SILU: return x / (1 + exp(-x))
        case GB_ACTIVATION_TANH: return tanh(x)
        case GB_ACTIVATION_SIGMOID: return 1 / (1 + exp(-x))
        default: return x > 20 ? x : log1p(exp(x))
        }
    }

    static func referenceDerivative(_ code: Int32, _ x: Double) -> Double {
        switch code {
        case GB_ACTIVATION_ELU: return x > 0 ? 1 : exp(x)
        case GB_ACTIVATION_GELU: return 0.5 * erfc(-x / 2.0.squareRoot()) + x * exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
        case GB_ACTIVATION_SILU:
            let s = 1 / (1 + exp(-x))
            return s * (1 + x * (1 - s))
        case GB_ACTIVATION_TANH: return 1 / (cosh(x) * cosh(x))
        case GB_ACTIVATION_SIGMOID:
            let s = 1 / (1 + exp(-x))
            return s * (1 - s)
        default: return x > 20 ? 1 : 1 / (1 + exp(-x))
        }
    }

    /// Every 1021st positive float from the smallest normal up to 128, and their negatives.
    static let sweep: [Float] = {
        var values: [Float] = []
        var bits = Float.leastNormalMagnitude.bitPattern
        while bits < Float(128).bitPattern {
            let x = Float(bitPattern: bits)
            values.append(x)
            values.append(-x)
            bits += 1021
        }
        return values
    }()

    /// |computed - reference| in ulps of the correctly rounded reference (0 for matching
    /// non-finite values, nil for subnormal or overflowing references).
    static func ulpError(_ computed: Float, _ reference: Double) -> Double? {
        let rounded = Float(reference)
        if !rounded.isFinite { return computed == rounded ? 0 : .infinity }
        guard abs(rounded) >= .leastNormalMagnitude else { return nil }
        return abs(Double(computed) - reference) / Double(rounded.ulp)
    }

    static let bounds: [Int32: Double] = [GB_ACTIVATION_ELU: 1, GB_ACTIVATION_GELU: 6, GB_ACTIVATION_SILU: 2.5,
                                          GB_ACTIVATION_TANH: 2.5, GB_ACTIVATION_SIGMOID: 2.5, GB_ACTIVATION_SOFTPLUS: 2]

    @Test(arguments: transcendentalFunctions.map(\.code))
    func activationIsWithinItsUlpBoundOfTheDoubleDefinition(code: Int32) {
        let x = Self.sweep
        var y = [Float](repeating: 0, count: x.count)
        gb_activation_forward(code, x.count, x, &y)
        var worst = 0.0, worstInput: Float = 0
        for i in x.indices {
            if let error = Self.ulpError(y[i], Self.reference(code, Double(x[i]))), !(error <= worst) {
                worst = error
                worstInput = x[i]
            }
        }
        #expect(worst <= Self.bounds[code]!, "function \(code): \(worst) ulp at x = \(worstInput)")
        // Derivatives (through the backward kernel with d = 1): absolute error, as 1 - tanh^2 and
        // friends are compared where they vanish too.
        var d = [Float](repeating: 1, count: x.count)
        gb_activation_backward(code, x.count, x, y, &d)
        var worstDerivative = 0.0
        for i in x.indices {
            let error = abs(Double(d[i]) - Self.referenceDerivative(code, Double(x[i])))
            if !(error <= worstDerivative) { worstDerivative = error }
        }
        #expect(worstDerivative <= 3e-7, "function \(code): derivative off by \(worstDerivative)")
    }

    @Test func expAndLogAreWithinOneUlp() {
        var worstExp = 0.0, worstLog = 0.0
        for x in Self.sweep {
            if let error = Self.ulpError(gb_expf(x), exp(Double(x))), !(error <= worstExp) { worstExp = error }
            if x > 0, let error = Self.ulpError(gb_logf(x), log(Double(x))), !(error <= worstLog) { worstLog = error }
        }
        #expect(worstExp <= 1 && worstLog <= 1, "exp \(worstExp) ulp, log \(worstLog) ulp")
    }

    @Test func softmaxLogSumExpMatchesDouble() {
        var generator = SeededGenerator(seed: 21, stream: "log-sum-exp")
        let outputs = 10, batch = 200
        let z = (0..<outputs * batch).map { _ in (generator.nextFloat() * 2 - 1) * 40 }
        var e = [Float](repeating: 0, count: z.count)
        var largest = [Float](repeating: 0, count: batch), total = largest, logTotal = largest
        gb_softmax_columns(outputs, batch, z, &e, &largest, &total, &logTotal)
        for j in 0..<batch {
            let column = (0..<outputs).map { Double(z[$0 * batch + j]) }
            let m = column.max()!
            let exact = log(column.map { exp($0 - m) }.reduce(0, +)) + m
            // The sum of up to 10 rounded terms: a few ulp of the log-sum-exp's magnitude.
            #expect(abs(Double(logTotal[j]) - exact) <= 4 * Double(Float(exact).ulp), "column \(j)")
            for i in 0..<outputs {
                let p = exp(Double(z[i * batch + j] - Float(m))) // exp of the float difference the kernel takes
                if let error = Self.ulpError(e[i * batch + j], p) { #expect(error <= 1, "e[\(i), \(j)]") }
            }
        }
    }
}
