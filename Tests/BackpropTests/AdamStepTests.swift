import Core
import CKernels
import Testing
@testable import Backprop

/// `gb_adam_step` computes the step's constants where the optimizer contract (on `Optimizer`) says
/// they are rounded: its bits equal those of `gb_adam_update` given the constants worked here in
/// Swift, over several steps, for Adam and AdamW, at rates and betas whose roundings differ.
@Test(arguments: [(0.001, 0.9, 0.999, 0.0), (0.0123, 0.85, 0.9876, 0.01), (0.3, 0.5, 0.75, 0.2)])
func adamStepRoundsItsConstantsAsTheContractSays(learningRate: Double, beta1: Double, beta2: Double, weightDecay: Double) {
    let count = 37
    var generator = SeededGenerator(seed: 8, stream: "adam-step")
    let start = (0..<count).map { _ in generator.nextFloat() * 2 - 1 }
    let gradients = (0..<5).map { _ in (0..<count).map { _ in generator.nextFloat() - 0.5 } }
    let (epsilon, wd) = (Float(1e-8), Float(weightDecay))
    for decoupled in [false, true] {
        var (p, m, v) = (start, [Float](repeating: 0, count: count), [Float](repeating: 0, count: count))
        var (expectedP, expectedM, expectedV) = (p, m, v)
        for (index, g) in gradients.enumerated() {
            let t = index + 1
            gb_adam_step(count, &p, g, &m, &v, decoupled ? 1 : 0, t, learningRate, beta1, beta2, epsilon, wd)
            let lr = Float(learningRate)
            gb_adam_update(count, &expectedP, g, &expectedM, &expectedV, decoupled ? 1 - lr * wd : 1, decoupled ? 0 : wd,
                           1 - Float(beta1), Float(beta2), 1 - Float(beta2),
                           Float(learningRate / (1 - _pow(beta1, Double(t)))),
                           Float((1 - _pow(beta2, Double(t))).squareRoot()), epsilon)
        }
        #expect(p.map(\.bitPattern) == expectedP.map(\.bitPattern), "decoupled \(decoupled)")
        #expect(m.map(\.bitPattern) == expectedM.map(\.bitPattern))
        #expect(v.map(\.bitPattern) == expectedV.map(\.bitPattern))
    }
}
