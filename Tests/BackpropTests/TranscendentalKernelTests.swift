import Backprop
import CKernels
import Core
import Testing

// The transcendental kernels (activations.c): every variant (AVX-512, AVX2, scalar) must give the
// scalar variant's bits on every input, including the edge cases, and the one-value entry points
// must agree with the array kernels. NaN outputs only have to be NaN (their payload is not part
// of the contract).

/// GB_ACTIVATION_* codes with names for messages.
let transcendentalFunctions: [(code: Int32, name: String)] = [
    (GB_ACTIVATION_ELU, "elu"), (GB_ACTIVATION_GELU, "gelu"), (GB_ACTIVATION_SILU, "silu"),
    (GB_ACTIVATION_TANH, "tanh"), (GB_ACTIVATION_SIGMOID, "sigmoid"), (GB_ACTIVATION_SOFTPLUS, "softplus"),
]

/// Edge cases plus a spread of random floats of every magnitude from 2^-40 to 2^8, both signs;
/// 4099 values so the vector loops have a scalar remainder.
let transcendentalInputs: [Float] = {
    var values: [Float] = [0, -0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
                           -.leastNormalMagnitude, 1e-30, -1e-30, 0x1p-25, -0x1p-25, 0x1p-12, -0x1p-12,
                           .infinity, -.infinity, .nan, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                           88.72, 88.73, 89, -87.3, -88, -92, -103.9, -104, -110, 9.5, -9.5, 14.5, -14.5,
                           -13.2, 20, -20, 20.000002, -20.000002, 1, -1, 30, -30, 0.5, -0.5]
    var generator = SeededGenerator(seed: 11, stream: "transcendental")
    while values.count < 4099 {
        let exponent = Float(generator.nextInt(below: 49)) - 40
        let magnitude = (1 + generator.nextFloat()) * Float(sign: .plus, exponent: Int(exponent), significand: 1)
        values.append(generator.nextInt(below: 2) == 0 ? magnitude : -magnitude)
    }
    return values
}()

func sameBits(_ a: Float, _ b: Float) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

func firstMismatch(_ a: [Float], _ b: [Float]) -> String? {
    guard a.count == b.count else { return "lengths \(a.count) vs \(b.count)" }
    for i in a.indices where !sameBits(a[i], b[i]) { return "index \(i): \(a[i]) vs \(b[i])" }
    return nil
}

@Test func everyActivationVariantGivesTheScalarBitsForwardAndBackward() {
    let z = transcendentalInputs
    var generator = SeededGenerator(seed: 12, stream: "transcendental-deltas")
    let delta = z.map { _ in generator.nextFloat() * 2 - 1 }
    for (code, name) in transcendentalFunctions {
        var expectedA = [Float](repeating: 0, count: z.count)
        #expect(gb_activation_forward_with_kernel(GB_GEMM_KERNEL_SCALAR, code, z.count, z, &expectedA) == 0)
        var expectedD = delta
        #expect(gb_activation_backward_with_kernel(GB_GEMM_KERNEL_SCALAR, code, z.count, z, expectedA, &expectedD) == 0)
        // The one-value entry points are the same functions.
        #expect(firstMismatch(z.map { gb_activation1(code, $0) }, expectedA) == nil, "\(name) gb_activation1")
        let derivativeTimesDelta = z.indices.map { delta[$0] * gb_activation_derivative1(code, z[$0]) }
        #expect(firstMismatch(derivativeTimesDelta, expectedD) == nil, "\(name) gb_activation_derivative1")
        for kernel in runnableGemmKernels {
            var a = [Float](repeating: 0, count: z.count)
            #expect(gb_activation_forward_with_kernel(kernel, code, z.count, z, &a) == 0)
            #expect(firstMismatch(a, expectedA) == nil, "\(name) forward, kernel \(kernel)")
            var d = delta
            #expect(gb_activation_backward_with_kernel(kernel, code, z.count, z, a, &d) == 0)
            #expect(firstMismatch(d, expectedD) == nil, "\(name) backward, kernel \(kernel)")
            // In place (a == z), as the engine may call it.
            var inPlace = z
            inPlace.withUnsafeMutableBufferPointer { buffer in
                _ = gb_activation_forward_with_kernel(kernel, code, buffer.count, buffer.baseAddress, buffer.baseAddress)
            }
            #expect(firstMismatch(inPlace, expectedA) == nil, "\(name) in place, kernel \(kernel)")
        }
    }
}

@Test(arguments: [(10, 37), (1, 5), (3, 16), (17, 33), (10, 1)])
func everySoftmaxVariantGivesTheScalarBits(outputs: Int, batch: Int) {
    var generator = SeededGenerator(seed: UInt64(outputs * 100 + batch), stream: "softmax-columns")
    var z = (0..<outputs * batch).map { _ in (generator.nextFloat() * 2 - 1) * 30 }
    // A column with a -inf logit, one with huge logits, one with equal logits.
    if batch > 2 {
        z[0] = -.infinity
        for i in 0..<outputs { z[i * batch + 1] = 80 + Float(i); z[i * batch + 2] = 0.25 }
    }
    func run(_ kernel: Int32) -> [[Float]] {
        var e = [Float](repeating: -7, count: outputs * batch)
        var largest = [Float](repeating: -7, count: batch), total = largest, logTotal = largest
        #expect(gb_softmax_columns_with_kernel(kernel, outputs, batch, z, &e, &largest, &total, &logTotal) == 0)
        return [e, largest, total, logTotal]
    }
    let expected = run(GB_GEMM_KERNEL_SCALAR)
    for kernel in runnableGemmKernels {
        let got = run(kernel)
        for part in 0..<4 { #expect(firstMismatch(got[part], expected[part]) == nil, "kernel \(kernel), part \(part)") }
    }
    // The pieces are what they say: e = exp(z - max) and log_total = log(sum) + max.
    for j in 0..<batch {
        let column = (0..<outputs).map { z[$0 * batch + j] }
        #expect(expected[1][j] == column.max()!)
        for i in 0..<outputs { #expect(sameBits(expected[0][i * batch + j], gb_expf(column[i] - column.max()!))) }
        #expect(sameBits(expected[3][j], gb_logf(expected[2][j]) + column.max()!))
    }
}

@Test func edgeCasesFollowTheDefinitions() {
    func f(_ code: Int32, _ x: Float) -> Float { gb_activation1(code, x) }
    for (code, name) in transcendentalFunctions {
        #expect(f(code, .nan).isNaN, "\(name)(nan)")
        #expect(f(code, .infinity) == (code == GB_ACTIVATION_TANH || code == GB_ACTIVATION_SIGMOID ? 1 : .infinity), "\(name)(inf)")
    }
    // Odd functions keep the sign of zero; tanh, elu and gelu pass tiny inputs through (to the
    // rounding of x, resp. x / 2 for gelu and silu).
    for x: Float in [0, -0, 1e-30, -1e-30] {
        #expect(sameBits(f(GB_ACTIVATION_TANH, x), x))
        #expect(sameBits(f(GB_ACTIVATION_ELU, x), x))
        #expect(sameBits(f(GB_ACTIVATION_GELU, x), x / 2))
        #expect(sameBits(f(GB_ACTIVATION_SILU, x), x / 2))
    }
    #expect(f(GB_ACTIVATION_TANH, -.infinity) == -1 && f(GB_ACTIVATION_TANH, 9.5) == 1)
    #expect(f(GB_ACTIVATION_SIGMOID, -.infinity) == 0 && f(GB_ACTIVATION_SIGMOID, 0) == 0.5)
    #expect(f(GB_ACTIVATION_ELU, -.infinity) == -1 && f(GB_ACTIVATION_ELU, -30) == -1)
    #expect(f(GB_ACTIVATION_SOFTPLUS, -.infinity) == 0 && f(GB_ACTIVATION_SOFTPLUS, 20.000002) == 20.000002)
    #expect(f(GB_ACTIVATION_GELU, -20) == 0 && f(GB_ACTIVATION_GELU, 20) == 20)
    // Far left, where e^-x overflows, sigmoid and silu are still normal floats.
    #expect(f(GB_ACTIVATION_SIGMOID, -87).isNormal && f(GB_ACTIVATION_SILU, -90).isNormal)
    #expect(gb_expf(0) == 1 && gb_expf(-.infinity) == 0 && gb_expf(.infinity) == .infinity)
    #expect(gb_expf(88.73) == .infinity && gb_expf(-104) == 0 && gb_expf(-103).isSubnormal)
    #expect(gb_logf(1) == 0 && gb_logf(0) == -.infinity && gb_logf(.infinity) == .infinity)
    #expect(gb_logf(-1).isNaN && gb_logf(.nan).isNaN)
    #expect(gb_expm1f(-0.0).sign == .minus && gb_expm1f(-50) == -1)
}
