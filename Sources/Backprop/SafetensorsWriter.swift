import Core

/// The safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a JSON
/// header mapping tensor names to `{"dtype", "shape", "data_offsets"}` plus a `__metadata__`
/// string map, padded with spaces to a multiple of 8 bytes, then the raw little-endian data.
enum SafetensorsWriter {
    /// Tensors `layers.{i}.weight` [out, in] and `layers.{i}.bias` [out], F32, in layer order, so
    /// `nn.Sequential` of `nn.Linear` layers (named `layers`) loads them with `load_state_dict`.
    /// Hidden layer i's norm is `norms.{i}.weight` / `.bias` (+ `.running_mean`, `.running_var`,
    /// `.num_batches_tracked` for batch norm), as a ModuleList `norms` of BatchNorm1d / LayerNorm.
    /// `__metadata__` holds `activation`, `head`, `widths`, `norm`, `residual`, `dropout` (one
    /// probability per hidden layer, `[]` for none) and `format` ("pt"),
    /// then the caller's entries (which win on a clash).
    static func encode(_ network: Network, metadata extra: [String: String]) -> [UInt8] {
        let widths = network.spec.widths
        var metadata: [String: String] = [
            "format": "pt",
            "activation": network.spec.activation.rawValue,
            "head": network.spec.head.rawValue,
            "widths": "[" + widths.map(String.init).joined(separator: ",") + "]",
            "norm": network.spec.norm.rawValue,
            "residual": network.spec.residual ? "true" : "false",
            "dropout": "[" + network.spec.dropout.map { "\($0)" }.joined(separator: ",") + "]",
        ]
        metadata.merge(extra) { $1 }
        var entries: [String] = []
        let metadataText = metadata.keys.sorted().map { "\(ConfigValue.jsonQuoted($0)):\(ConfigValue.jsonQuoted(metadata[$0]!))" }
        entries.append("\"__metadata__\":{" + metadataText.joined(separator: ",") + "}")
        // The data section is the parameter buffer as it is, so each tensor's byte range is its
        // layout range times 4.
        func dataOffsets(_ range: Range<Int>) -> String { "[\(4 * range.lowerBound),\(4 * range.upperBound)]" }
        let layout = network.layout
        // After the parameters: the running statistics (F32), then one I64 batch count per batch norm.
        let bufferStart = 4 * layout.parameterCount
        let countStart = bufferStart + 4 * layout.bufferCount
        var countIndex = 0
        for (layer, slots) in layout.layers.enumerated() {
            if let norm = slots.norm {
                // nn.BatchNorm1d / nn.LayerNorm of hidden layer `layer`, in a ModuleList `norms`.
                entries.append("\"norms.\(layer).weight\":{\"dtype\":\"F32\",\"shape\":[\(slots.fanOut)],\"data_offsets\":\(dataOffsets(norm.scale))}")
                entries.append("\"norms.\(layer).bias\":{\"dtype\":\"F32\",\"shape\":[\(slots.fanOut)],\"data_offsets\":\(dataOffsets(norm.shift))}")
                if let mean = norm.runningMean, let variance = norm.runningVariance {
                    func bufferOffsets(_ range: Range<Int>) -> String {
                        "[\(bufferStart + 4 * range.lowerBound),\(bufferStart + 4 * range.upperBound)]"
                    }
                    entries.append("\"norms.\(layer).running_mean\":{\"dtype\":\"F32\",\"shape\":[\(slots.fanOut)],\"data_offsets\":\(bufferOffsets(mean))}")
                    entries.append("\"norms.\(layer).running_var\":{\"dtype\":\"F32\",\"shape\":[\(slots.fanOut)],\"data_offsets\":\(bufferOffsets(variance))}")
                    let start = countStart + 8 * countIndex
                    entries.append("\"norms.\(layer).num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[\(start),\(start + 8)]}")
                    countIndex += 1
                }
            }
            entries.append("\"layers.\(layer).weight\":{\"dtype\":\"F32\",\"shape\":[\(slots.fanOut),\(slots.fanIn)],\"data_offsets\":\(dataOffsets(slots.weights))}")
            entries.append("\"layers.\(layer).bias\":{\"dtype\":\"F32\",\"shape\":[\(slots.fanOut)],\"data_offsets\":\(dataOffsets(slots.bias))}")
        }
        let dataBytes = countStart + 8 * countIndex
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + dataBytes)
        var length = UInt64(header.count).littleEndian
        withUnsafeBytes(of: &length) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: header)
        for value in network.parameters + network.buffers {
            var bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
        }
        for _ in 0..<countIndex {
            var count = Int64(network.batchesTracked).littleEndian
            withUnsafeBytes(of: &count) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }
}
