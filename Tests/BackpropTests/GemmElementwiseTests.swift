import Backprop
import CKernels
import Core
import Testing

// The elementwise helpers beside gb_gemm (gb_transpose, gb_adam_update): every variant must give
// exactly the bits of the plain definition written out in Swift here.

@Test(arguments: [(1, 1), (1, 37), (37, 1), (16, 16), (17, 15), (33, 100), (128, 784), (64, 32)])
func everyTransposeVariantMatchesTheDefinition(rows: Int, columns: Int) {
    var generator = SeededGenerator(seed: UInt64(rows * 1000 + columns), stream: "transpose")
    let lds = columns + 3, ldd = rows + 5
    let source = (0..<rows * lds).map { _ in generator.nextFloat() }
    let sentinel: Float = -7
    var expected = [Float](repeating: sentinel, count: columns * ldd)
    for r in 0..<rows {
        for c in 0..<columns { expected[c * ldd + r] = source[r * lds + c] }
    }
    for kernel in runnableGemmKernels {
        var destination = [Float](repeating: sentinel, count: columns * ldd)
        #expect(gb_transpose_with_kernel(kernel, rows, columns, source, lds, &destination, ldd) == 0)
        // The whole buffer: the padding between rows must keep the sentinel.
        #expect(destination.map(\.bitPattern) == expected.map(\.bitPattern), "kernel \(kernel), \(rows) x \(columns)")
    }
}

@Test func everyAdamVariantMatchesTheDefinitionOverSeveralSteps() {
    let count = 1000 + 13 // full vectors of 16 and 8 plus a scalar tail
    var generator = SeededGenerator(seed: 5, stream: "adam")
    let start = (0..<count).map { _ in generator.nextFloat() * 2 - 1 }
    let gradientSteps = (0..<3).map { _ in (0..<count).map { _ in (generator.nextFloat() * 2 - 1) * 0.1 } }
    // Both Adam (l2 decay) and AdamW (decoupled shrink) settings.
    for (shrink, l2) in [(Float(1), Float(0.01)), (Float(1 - 1e-3 * 0.01), Float(0))] {
        var expectedP = start, expectedM = [Float](repeating: 0, count: count), expectedV = expectedM
        for (index, gradients) in gradientSteps.enumerated() {
            let constants = AdamConstants(step: index + 1)
            for i in 0..<count {
                let w = expectedP[i] * shrink
                let d = gradients[i] + l2 * w
                expectedM[i] = expectedM[i] + constants.oneMinusBeta1 * (d - expectedM[i])
                expectedV[i] = constants.beta2 * expectedV[i] + constants.oneMinusBeta2 * d * d
                let denominator = expectedV[i].squareRoot() / constants.correction2 + constants.epsilon
                expectedP[i] = w - constants.stepSize * (expectedM[i] / denominator)
            }
        }
        for kernel in runnableGemmKernels {
            var p = start, m = [Float](repeating: 0, count: count), v = m
            for (index, gradients) in gradientSteps.enumerated() {
                let c = AdamConstants(step: index + 1)
                let status = gb_adam_update_with_kernel(kernel, count, &p, gradients, &m, &v, shrink, l2, c.oneMinusBeta1,
                                                        c.beta2, c.oneMinusBeta2, c.stepSize, c.correction2, c.epsilon)
                #expect(status == 0)
            }
            #expect(p.map(\.bitPattern) == expectedP.map(\.bitPattern), "kernel \(kernel) parameters")
            #expect(m.map(\.bitPattern) == expectedM.map(\.bitPattern), "kernel \(kernel) first moment")
            #expect(v.map(\.bitPattern) == expectedV.map(\.bitPattern), "kernel \(kernel) second moment")
        }
    }
}

/// torch.optim.Adam's constants for step t (lr 1e-3, betas 0.9 / 0.999, eps 1e-8).
private struct AdamConstants {
    let oneMinusBeta1: Float = 1 - 0.9
    let beta2: Float = 0.999
    let oneMinusBeta2: Float = 1 - 0.999
    let epsilon: Float = 1e-8
    let stepSize: Float
    let correction2: Float

    init(step: Int) {
        var beta1Power = 1.0, beta2Power = 1.0
        for _ in 0..<step { beta1Power *= 0.9; beta2Power *= 0.999 }
        stepSize = Float(1e-3 / (1 - beta1Power))
        correction2 = Float((1 - beta2Power).squareRoot())
    }
}
