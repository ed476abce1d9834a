import Foundation
import Testing
@testable import Backprop

/// The one definition of the parameter offsets: ranges tile the buffer without gaps or overlaps,
/// in the order weights [out, in] then bias per layer, and the safetensors header agrees.
struct ParameterLayoutTests {
    static let spec = NetworkSpec(inputSize: 5, hidden: [7, 3], outputSize: 2, activation: .relu, head: .softmax)

    @Test func layersAreWeightsThenBiasBackToBack() {
        let layout = ParameterLayout(spec: Self.spec)
        #expect(layout.widths == [5, 7, 3, 2])
        #expect(layout.layerCount == 3)
        // Worked by hand: 7 * 5 + 7 = 42, then 3 * 7 + 3 = 24, then 2 * 3 + 2 = 8.
        let expected: [(weights: Range<Int>, bias: Range<Int>)] = [(0..<35, 35..<42), (42..<63, 63..<66), (66..<72, 72..<74)]
        for (slots, (weights, bias)) in zip(layout.layers, expected) {
            #expect(slots.weights == weights && slots.bias == bias)
            #expect(slots.weights.count == slots.fanOut * slots.fanIn)
            #expect(slots.bias.count == slots.fanOut)
            #expect(slots.norm == nil)
            #expect(slots.trainable == [slots.weights, slots.bias])
        }
        #expect(layout.layers.map(\.fanIn) == [5, 7, 3])
        #expect(layout.layers.map(\.fanOut) == [7, 3, 2])
        #expect(layout.parameterCount == 74)
        #expect(layout.bufferCount == 0)
        #expect(Self.spec.parameterCount == layout.parameterCount)
    }

    @Test(arguments: [[], [1], [4], [3, 1, 6]])
    func trainableRangesTileTheBuffer(hidden: [Int]) {
        let spec = NetworkSpec(inputSize: 3, hidden: hidden, outputSize: 2, activation: .tanh, head: .softmax)
        let layout = spec.layout
        #expect(Self.tile(layout.layers.flatMap(\.trainable)) == layout.parameterCount)
        let network = Network(spec: spec, seed: 1)
        #expect(network.parameters.count == layout.parameterCount && network.gradients.count == layout.parameterCount)
        for l in 0..<network.layerCount {
            #expect(network.weightOffset(layer: l) == layout.layers[l].weights.lowerBound)
        }
    }

    /// Norm slots (no network has them yet): scale and shift follow the layer's bias in the
    /// trainable buffer, the running statistics go to the separate buffer region.
    @Test func normSlotsFollowTheBiasAndKeepRunningStatisticsApart() throws {
        let layout = ParameterLayout(widths: [4, 6, 5, 3], norms: [.scaleShiftRunningStatistics, .scaleShift])
        let first = try #require(layout.layers[0].norm)
        #expect(layout.layers[0].weights == 0..<24 && layout.layers[0].bias == 24..<30)
        #expect(first.scale == 30..<36 && first.shift == 36..<42)
        #expect(first.runningMean == 0..<6 && first.runningVariance == 6..<12)
        let second = try #require(layout.layers[1].norm)
        #expect(layout.layers[1].weights == 42..<72 && layout.layers[1].bias == 72..<77)
        #expect(second.scale == 77..<82 && second.shift == 82..<87)
        #expect(second.runningMean == nil && second.runningVariance == nil)
        #expect(layout.layers[2].norm == nil)
        #expect(layout.layers[0].trainable == [0..<24, 24..<30, 30..<36, 36..<42])
        #expect(Self.tile(layout.layers.flatMap(\.trainable)) == layout.parameterCount)
        #expect(layout.parameterCount == 87 + 3 * 5 + 3)
        #expect(layout.bufferCount == 12)
    }

    @Test func safetensorsOffsetsAreTheLayoutInBytes() throws {
        let network = Network(spec: Self.spec, seed: 2)
        let bytes = network.safetensors(metadata: [:])
        let headerLength = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(bytes.count == 8 + headerLength + 4 * network.layout.parameterCount)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + headerLength)])) as? [String: Any])
        #expect(header.count == 1 + 2 * network.layout.layerCount)
        for (l, slots) in network.layout.layers.enumerated() {
            let weight = try #require(header["layers.\(l).weight"] as? [String: Any])
            #expect(weight["shape"] as? [Int] == [slots.fanOut, slots.fanIn])
            #expect(weight["data_offsets"] as? [Int] == [4 * slots.weights.lowerBound, 4 * slots.weights.upperBound])
            let bias = try #require(header["layers.\(l).bias"] as? [String: Any])
            #expect(bias["shape"] as? [Int] == [slots.fanOut])
            #expect(bias["data_offsets"] as? [Int] == [4 * slots.bias.lowerBound, 4 * slots.bias.upperBound])
        }
    }

    /// Checks that `ranges`, in order, are non-empty, start at 0 and each starts where the last
    /// ended; returns where the last ends (the total).
    private static func tile(_ ranges: [Range<Int>]) -> Int {
        var end = 0
        for range in ranges {
            #expect(range.lowerBound == end, "\(range) does not start at \(end)")
            #expect(!range.isEmpty)
            end = range.upperBound
        }
        return end
    }
}
