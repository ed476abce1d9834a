import Core
import Testing
@testable import Backprop

/// Class-weighted cross-entropy (`training.class_weight`) against PyTorch autograd on the 3-4-4-K
/// tanh net of LossTorchAgreementTests (5 fixed samples). The numbers were printed by
/// References/class_weights_reference.py: torch.nn.CrossEntropyLoss(weight=, label_smoothing=) in
/// float32, the one-unit sigmoid head as the two-class softmax on logits [0, z], and "balanced" as
/// scikit-learn's compute_class_weight. Bound 2e-6 absolute, as the other agreement tests.
struct ClassWeightTorchAgreementTests {
    typealias Expected = (loss: Double, crossEntropy: Double, gradient: [Double])

    static let torch: [String: Expected] = [
        "softmax_weighted": (loss: 1.23913431, crossEntropy: 1.2965281, gradient: [0.0523951687, 0.0796255395, 0.033648558, 0.069408074, 0.1051974, 0.0442687199, 0.0199094955, 0.0300684329, 0.0125825955, -0.0102218976, -0.0158884097, -0.00694719236, -0.0528116934, -0.0346273296, -0.0196498372, -0.00256028119, -0.0325247906, -0.0078292517, 0.0402204506, -0.0565037318, 0.0625288337, 0.0138791064, -0.0724286661, 0.0767577663, 0.109639391, 0.026967762, -0.132343709, 0.167006493, 0.153627485, 0.0355217382, -0.182639435, 0.216071934, 0.0527532808, -0.0342712738, -0.128066421, -0.14361766, -0.0405897088, -0.0502125025, -0.0416749045, -0.026106935, -0.0402777791, -0.0857169777, -0.0421739481, -0.0496737026, 0.0808674693, 0.13592948, 0.083848834, 0.0757806301, 0.110076934, 0.148051873, -0.258128762]),
        "softmax_weighted_smoothing": (loss: 1.23620284, crossEntropy: 1.2965281, gradient: [0.0476873219, 0.072413139, 0.0305626504, 0.0630227998, 0.0954403579, 0.0401104949, 0.0179927964, 0.0271646529, 0.0113614528, -0.0093500372, -0.0144858025, -0.00630338863, -0.0480271205, -0.031414032, -0.0176975615, -0.00225272379, -0.0283343736, -0.00699331611, 0.0353990123, -0.0519841202, 0.0588378459, 0.0128874173, -0.0677548796, 0.0686592087, 0.0999511257, 0.0244904291, -0.12042506, 0.150350779, 0.138854101, 0.0321682505, -0.165115625, 0.195347577, 0.0514718592, -0.0253152065, -0.113018483, -0.129972294, -0.0463031679, -0.0495905131, -0.0470087454, -0.0252395049, -0.0346169174, -0.0767529234, -0.036383681, -0.0446297005, 0.0809200704, 0.126343429, 0.0833924115, 0.0698692054, 0.117176086, 0.130586833, -0.247762904]),
        "softmax_balanced": (loss: 1.19723582, crossEntropy: 1.2965281, gradient: [0.0329476334, 0.0513003692, 0.0224877838, 0.0408112518, 0.0622819178, 0.0264908783, 0.0128123583, 0.0192881394, 0.00803049654, -0.00444383686, -0.00770622911, -0.00388355041, -0.0465234183, -0.0415380448, -0.0173831228, 0.00247335108, -0.0384530574, -0.00783125125, 0.0447624587, -0.0453868881, -0.00183374807, 0.002737056, -0.0028892979, 0.0442878045, 0.0469993986, 0.0154479481, -0.0621940903, 0.1136804, 0.083423458, 0.0217870753, -0.103178546, 0.151305839, 0.0196862277, -0.0878239572, -0.13759923, -0.143936321, 0.0449101031, -0.0196246896, 0.0408783108, -0.015488768, -0.0702809393, -0.0723267943, -0.0698043406, -0.038633626, 0.0253708102, 0.0919514745, 0.0289260168, 0.0541223958, -0.0396658368, 0.174305826, -0.134639964]),
        "binary_weighted": (loss: 0.864831328, crossEntropy: 0.776898503, gradient: [-0.0024086046, -0.00858781114, -0.00687142368, -0.0117665725, -0.0290191658, -0.0195916705, 0.000738210045, -0.0019953812, -0.00289442833, 0.0043012891, 0.00837599952, 0.00474985503, -0.0166487005, -0.0416595377, -0.0107129533, 0.00676330691, -0.0209047403, 0.00349408668, 0.0167225413, 0.00516558159, -0.0828110278, 0.00780110434, 0.0724028274, 0.000371504575, -0.060326755, 0.00956150703, 0.0488043204, 0.0132062901, -0.0598432645, 0.0065483544, 0.051398702, 0.00323410146, -0.0502464436, -0.161019444, -0.141823247, -0.121974915, 0.214044467, 0.101536602, 0.205691785, 0.0444135629, -0.398031861]),
        "binary_weighted_smoothing": (loss: 0.84460479, crossEntropy: 0.776898503, gradient: [-0.00274248235, -0.00795744359, -0.00585636776, -0.0114570688, -0.0262255557, -0.0168823879, 0.000710209482, -0.00141601916, -0.00224036654, 0.00434728153, 0.00798111036, 0.00427714363, -0.0162391216, -0.0393769145, -0.0103094652, 0.00649769045, -0.0184125714, 0.0027167669, 0.0147945527, 0.00631588651, -0.0746473223, 0.0052784225, 0.065906167, 0.00446890108, -0.053279113, 0.00737918401, 0.0433327556, 0.0164074469, -0.053702049, 0.00463397335, 0.0465493575, 0.00628030021, -0.0476879589, -0.152616769, -0.134424478, -0.115698382, 0.202775791, 0.0961482227, 0.195248783, 0.0416098386, -0.377631396]),
    ]

    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let head: OutputHead
        let outputs: Int
        let smoothing: Double
        let weights: [Double]
        var description: String { name }
    }

    static let labels3: [Int32] = [0, 2, 1, 2, 0]
    static let labels2: [Int32] = [0, 1, 1, 0, 1]
    /// `balanced` as gradbook computes it from the labels' counts (2, 1, 2).
    static let balanced = ClassWeighting.balanced.weights(names: ["0", "1", "2"], counts: [2, 1, 2])!

    static let cases: [Case] = [
        Case(name: "softmax_weighted", head: .softmax, outputs: 3, smoothing: 0, weights: [0.5, 2.0, 1.25]),
        Case(name: "softmax_weighted_smoothing", head: .softmax, outputs: 3, smoothing: 0.1, weights: [0.5, 2.0, 1.25]),
        Case(name: "softmax_balanced", head: .softmax, outputs: 3, smoothing: 0, weights: balanced),
        Case(name: "binary_weighted", head: .sigmoid, outputs: 1, smoothing: 0, weights: [0.7, 1.6]),
        Case(name: "binary_weighted_smoothing", head: .sigmoid, outputs: 1, smoothing: 0.2, weights: [0.7, 1.6]),
    ]

    @Test func balancedWeightsAreScikitLearns() {
        // compute_class_weight("balanced", classes=[0, 1, 2], y=[0, 2, 1, 2, 0]) = 5 / (3 * [2, 1, 2]).
        #expect(zip(Self.balanced, [5.0 / 6, 5.0 / 3, 5.0 / 6]).allSatisfy { abs($0 - $1) < 1e-15 }, "\(Self.balanced)")
    }

    @Test(arguments: cases)
    func weightedLossesAgreeWithTorch(testCase: Case) {
        let loss = LossSpec(labelSmoothing: testCase.smoothing, classWeights: testCase.weights)
        let spec = NetworkSpec(inputSize: 3, hidden: [4, 4], outputSize: testCase.outputs, activation: .tanh,
                               head: testCase.head, loss: loss)
        let parameters = (0..<spec.parameterCount).map { Float(0.5 * _sin(0.7 * Double($0) + 0.3)) }
        var network = Network(spec: spec, parameters: parameters)
        let inputs = Matrix(rows: 5, columns: 3, storage: (0..<5).flatMap { j in (0..<3).map { c in Float(_sin(Double(1 + 3 * j + c))) } })
        let targets: Targets = testCase.outputs == 1 ? .classes(labels: Self.labels2, classCount: 2)
            : .classes(labels: Self.labels3, classCount: 3)
        let trained = network.backward(inputs: inputs, targets: targets)
        let expected = Self.torch[testCase.name]!
        #expect(network.gradients.count == expected.gradient.count)
        var worst = abs(trained - expected.loss)
        for (value, reference) in zip(network.gradients, expected.gradient) { worst = max(worst, abs(Double(value) - reference)) }
        let metrics = network.evaluate(LabeledData(inputs: inputs, targets: targets))
        #expect(abs(metrics["loss"]! - expected.loss) < 2e-6, "evaluated loss \(metrics["loss"]!) vs torch \(expected.loss)")
        worst = max(worst, abs(metrics["cross_entropy"]! - expected.crossEntropy))
        #expect(worst < 2e-6, "max |gradbook - torch| = \(worst)")
        print("torch agreement (\(testCase.name)): max abs difference \(worst)")
    }
}
