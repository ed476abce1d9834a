import Foundation
import Testing
import Backprop

struct SafetensorsTests {
    @Test func layoutFollowsTheSafetensorsFormat() throws {
        let spec = NetworkSpec(inputSize: 3, hidden: [4], outputSize: 2, activation: .gelu, head: .softmax)
        let network = Network(spec: spec, seed: 1)
        let bytes = network.safetensors(metadata: ["variant": "abc\"1"])
        let headerLength = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(headerLength % 8 == 0)
        #expect(bytes.count == 8 + headerLength + 4 * spec.parameterCount)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + headerLength)])) as? [String: Any])
        let metadata = try #require(header["__metadata__"] as? [String: String])
        #expect(metadata["activation"] == "gelu")
        #expect(metadata["head"] == "softmax")
        #expect(metadata["widths"] == "[3,4,2]")
        #expect(metadata["variant"] == "abc\"1")
        let weight = try #require(header["layers.1.weight"] as? [String: Any])
        #expect(weight["dtype"] as? String == "F32")
        #expect(weight["shape"] as? [Int] == [2, 4])
        let bias = try #require(header["layers.1.bias"] as? [String: Any])
        #expect(bias["shape"] as? [Int] == [2])
        let offsets = try #require(weight["data_offsets"] as? [Int])
        // layers.1.weight[1][2], read back from the raw little-endian data.
        let start = 8 + headerLength + offsets[0] + 4 * (1 * 4 + 2)
        let bits = bytes[start..<(start + 4)].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
        #expect(Float(bitPattern: bits) == network.weights(layer: 1)[1, 2])
        #expect(header.count == 5)
        #expect(metadata["norm"] == "none" && metadata["residual"] == "false" && metadata["dropout"] == "[]")
    }
}
