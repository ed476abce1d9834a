import Testing
@testable import Backprop
import Core

/// The first two steps of each optimizer from p = [1, -2] with gradients [0.5, -1] then [0.25, 0.5].
/// Expected values were worked in Double from the update rules and agree with torch.optim (SGD with
/// momentum / nesterov, Adam, AdamW, RMSprop, NAdam, Adagrad) to all printed digits. NAdam by hand,
/// step 1: mu_1 = 0.9 (1 - 0.5 * 0.96^0.004) = 0.4500735, mu_2 = 0.4501469; m = 0.05, v = 0.00025,
/// r = sqrt(v / 0.001) + eps = 0.5; p = 1 - 0.1 (1 - mu_1) / (1 - mu_1) * (0.5 / 0.5)
/// - 0.1 mu_2 / (1 - mu_1 mu_2) * (0.05 / 0.5) = 1 - 0.1 - 0.0056452 = 0.8943548. Adagrad step 1:
/// s = 0.25, p = 1 - 0.1 * 0.5 / (0.5 + 1e-10) = 0.90000000002.
struct OptimizerTests {
    struct Case: CustomStringConvertible, Sendable {
        let kind: OptimizerKind
        let learningRate: Double
        let weightDecay: Double
        let expected: [[Double]]
        var description: String { "\(kind) lr \(learningRate) wd \(weightDecay)" }
    }

    static let cases: [Case] = [
        Case(kind: .sgd, learningRate: 0.1, weightDecay: 0, expected: [[0.95, -1.9], [0.925, -1.95]]),
        Case(kind: .sgd, learningRate: 0.1, weightDecay: 0.1, expected: [[0.94, -1.88], [0.9056, -1.9112]]),
        Case(kind: .momentum, learningRate: 0.1, weightDecay: 0, expected: [[0.95, -1.9], [0.88, -1.86]]),
        Case(kind: .nesterov, learningRate: 0.1, weightDecay: 0, expected: [[0.905, -1.81], [0.817, -1.824]]),
        Case(kind: .nesterov, learningRate: 0.1, weightDecay: 0.1, expected: [[0.886, -1.772], [0.773066, -1.736132]]),
        Case(kind: .adam, learningRate: 0.1, weightDecay: 0, expected: [[0.900000002, -1.900000001], [0.8067820404774624, -1.873366297370903]]),
        Case(kind: .adam, learningRate: 0.1, weightDecay: 0.1, expected: [[0.9000000016666666, -1.9000000008333333], [0.8050097658613199, -1.8537472646427609]]),
        Case(kind: .adamw, learningRate: 0.1, weightDecay: 0.1, expected: [[0.890000002, -1.880000001], [0.7878820404574624, -1.8345662973609032]]),
        Case(kind: .rmsprop, learningRate: 0.01, weightDecay: 0, expected: [[0.90000002, -1.90000001], [0.855098702557817, -1.944901331474435]]),
        Case(kind: .nadam, learningRate: 0.1, weightDecay: 0, expected: [[0.8943548229794245, -1.894354821922973], [0.8419624940979179, -1.935465794480819]]),
        Case(kind: .nadam, learningRate: 0.1, weightDecay: 0.1, expected: [[0.894354822627274, -1.894354821746898], [0.8373923931538477, -1.914443236431166]]),
        Case(kind: .adagrad, learningRate: 0.1, weightDecay: 0, expected: [[0.90000000002, -1.90000000001], [0.8552786404780043, -1.944721359555996]]),
        Case(kind: .adagrad, learningRate: 0.1, weightDecay: 0.1, expected: [[0.9000000000166667, -1.900000000008333], [0.8506987428255446, -1.925012203264435]]),
        Case(kind: .rmsprop, learningRate: 0.01, weightDecay: 0.1, expected: [[0.900000016666664, -1.9000000083333326], [0.8505111103590103, -1.925130277323123]]),
    ]

    @Test(arguments: cases)
    func firstTwoStepsMatchHandWorkedValues(testCase: Case) {
        let spec = TrainingSpec(optimizer: testCase.kind, learningRate: testCase.learningRate, weightDecay: testCase.weightDecay)
        let optimizer = Optimizer(spec: spec, parameterCount: 2)
        var parameters: [Float] = [1, -2]
        let gradients: [[Float]] = [[0.5, -1], [0.25, 0.5]]
        for (step, gradient) in gradients.enumerated() {
            parameters.withUnsafeMutableBufferPointer { p in
                gradient.withUnsafeBufferPointer { g in
                    optimizer.update(p.baseAddress!, gradients: g.baseAddress!, count: 2, learningRate: testCase.learningRate)
                }
            }
            for i in 0..<2 {
                #expect(abs(Double(parameters[i]) - testCase.expected[step][i]) < 2e-6,
                        "step \(step + 1) parameter \(i): \(parameters[i]) vs \(testCase.expected[step][i])")
            }
        }
    }
}
