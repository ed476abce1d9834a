import Testing
@testable import Backprop
import Core

/// The engine against PyTorch autograd on a 3-4-4-3 tanh net with residual skips (block 1) and
/// softmax cross-entropy, train mode, for each norm. The expected numbers were printed by
/// References/blocks_reference.py (torch float32); parameters and inputs are closed formulas both
/// sides evaluate. Measured: loss and gradient agree to ~1e-7 absolute; the bound is 2e-6.
struct TorchAgreementTests {
    typealias Expected = (loss: Double, gradient: [Double], running: [Double]?)

    static let torch: [String: (loss: Double, gradient: [Double])] = [
        "none": (loss: 1.40621758, gradient: [-0.0276119467, -0.0370129012, -0.0123843644, -0.00649866089, -0.0120460391, -0.0065183416, 0.0864618421, 0.128147274, 0.0520146787, -0.0132153463, -0.0209478736, -0.00942101702, -0.0520184785, -0.356593251, -0.266501307, -0.15754801, -0.0484734885, -0.00966399629, 0.056001775, -0.0542743281, -0.0810578167, -0.00876519363, 0.0774635896, 0.0425875746, -0.0174289271, 0.00801404379, 0.000137291849, 0.132731646, -0.000655040145, 0.0108083664, -0.0205798522, 0.16972816, 0.0188427381, -0.231087193, -0.295390308, -0.336538523, -0.109946482, -0.0427463055, 0.35676071, -0.142784014, -0.162029758, -0.129103974, -0.218303353, -0.227224559, 0.271976203, 0.171850279, -0.138457343, 0.370008528, -0.154798523, 0.410575002, -0.255776465]),
        "batch": (loss: 1.67109907, gradient: [0.000779755414, 0.000284433365, -0.000472385436, 0.0418857113, 0.0869890749, 0.0521150865, -0.00170689099, 0.000800035894, 0.00257141609, -0.00588421337, -0.00207749754, 0.00363926589, -3.7252903e-09, -7.4505806e-09, 0, -1.49011612e-08, -0.0743430406, -0.146635681, 0.0690035596, 0.0350498259, 0.232489139, 0.208194524, -0.0253748745, -0.210150197, -0.00159439736, 0.00248691812, -0.000131849898, 0.00160515564, 0.00379822287, -0.00389555003, 0.000812813058, -0.0040190299, 0.00723723229, -0.0041652862, 0.00236331299, -0.00797876343, -0.0330484509, 0.0030776225, -0.0142914476, 0.0368735231, 7.4505806e-09, 3.7252903e-09, -1.49011612e-08, -7.4505806e-08, -0.235130653, 0.268119812, -0.0847725868, -0.154113725, 0.351419598, 0.249328583, -0.0459085926, -0.23614426, -0.0367710441, 0.0166653283, 0.0111367702, 0.125618726, 0.441323578, 0.213587865, -0.172307804, -0.30009079, -0.404552579, -0.23025322, 0.161171064, 0.174472108, -0.220876649, 0.446628094, -0.225751474]),
        "layer": (loss: 1.68477702, gradient: [0.0486864783, 0.0769300386, 0.0344444811, 0.0158518441, 0.0209933855, 0.00683370512, -0.0218450464, -0.033129517, -0.0139548639, -0.0426932946, -0.0647939295, -0.0273233317, -0.0957875848, 0.068202883, 0.0218922086, 0.00569249876, 0.218992874, 0.0638477653, 0.021322716, 0.135778904, 0.438140661, 0.243836299, -0.109223545, -0.29021889, -0.0302576851, -0.0381795205, 0.00246250164, 0.0666381717, 0.0452244952, 0.0657201409, -0.0087866392, -0.107531682, 0.0690461174, 0.0389849022, 0.028788425, -0.103606328, -0.0840129405, -0.066525504, -0.0224643014, 0.144499823, -0.136821806, 0.232490599, 0.144303501, -0.239972234, 0.0497351587, 0.349581599, 0.0140173556, 0.0450452231, 0.398111403, 0.250235677, -0.0250738505, -0.204988033, 0.0263407528, -0.0811544508, 0.232045591, 0.239921987, 0.278295845, 0.218086407, -0.282196641, -0.51048553, -0.304636598, -0.136931926, 0.0501509979, 0.270563573, -0.251995891, 0.467157483, -0.215161532]),
    ]

    static let running: [Double] = [0.0466458797, 0.00342745311, -0.0469608419, -0.0353759453, 0.960371792, 0.902944624, 0.980776966, 0.961887836, -0.0382398255, -0.000964893436, -0.073228471, -0.0299519394, 0.910657763, 0.907689393, 0.903960586, 0.90114516]

    /// Largest |gradbook - torch| over the loss, the gradient and (batch norm) the running statistics.
    static func difference(norm: NormKind) -> Double {
        let spec = NetworkSpec(inputSize: 3, hidden: [4, 4], outputSize: 3, activation: .tanh, head: .softmax,
                               norm: norm, residual: true)
        let parameters = (0..<spec.parameterCount).map { Float(0.5 * _sin(0.7 * Double($0) + 0.3)) }
        var network = Network(spec: spec, parameters: parameters)
        let inputs = Matrix(rows: 5, columns: 3, storage: (0..<5).flatMap { j in (0..<3).map { c in Float(_sin(Double(1 + 3 * j + c))) } })
        let loss = network.backward(inputs: inputs, targets: .classes(labels: [0, 2, 1, 2, 0], classCount: 3))
        let expected = torch[norm.rawValue]!
        var worst = abs(loss - expected.loss)
        #expect(network.gradients.count == expected.gradient.count)
        for (value, reference) in zip(network.gradients, expected.gradient) { worst = max(worst, abs(Double(value) - reference)) }
        if norm == .batch {
            // torch lists each norm's running mean then its running variance, as the layout does.
            for (value, reference) in zip(network.buffers, running) { worst = max(worst, abs(Double(value) - reference)) }
        }
        return worst
    }

    @Test(arguments: NormKind.allCases)
    func gradientsAgreeWithTorchAutograd(norm: NormKind) {
        let worst = Self.difference(norm: norm)
        #expect(worst < 2e-6, "max |gradbook - torch| = \(worst)")
        print("torch agreement (\(norm) norm, residual): max abs difference \(worst)")
    }
}
