import Core

/// The safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a JSON
/// header mapping tensor names to `{"dtype", "shape", "data_offsets"}` plus a `__metadata__`
/// string map, padded with spaces to a multiple of 8 bytes, then the raw little-endian data.
enum SafetensorsWriter {
    /// Tensors `layers.{i}.weight` [out, in] and `layers.{i}.bias` [out], F32, in layer order, so
    /// `nn.Sequential` of `nn.Linear` layers (named `layers`) loads them with `load_state_dict`.
    /// `__metadata__` holds `activation`, `head`, `widths` (JSON array text) and `format` ("pt"),
    /// then the caller's entries (which win on a clash).
    static func encode(_ network: Network, metadata extra: [String: String]) -> [UInt8] {
        let widths = network.spec.widths
        var metadata: [String: String] = [
            "format": "pt",
            "activation": network.spec.activation.rawValue,
            "head": network.spec.head.rawValue,
            "widths": "[" + widths.map(String.init).joined(separator: ",") + "]",
        ]
        metadata.merge(extra) { $1 }
        var entries: [String] = []
        let metadataText = metadata.keys.sorted().map { "\(ConfigValue.jsonQuoted($0)):\(ConfigValue.jsonQuoted(metadata[$0]!))" }
        entries.append("\"__metadata__\":{" + metadataText.joined(separator: ",") + "}")
        // The data section is the parameter buffer as it is, so each tensor's byte range is its
        // layout range times 4.
        func dataOffsets(_ range: Range<Int>) -> String { "[\(4 * range.lowerBound),\(4 * range.upperBound)]" }
        let layout = network.layout
        for (layer, slots) in layout.layers.enumerated() {
            // Norm slots would be unnamed bytes in the data section: they need tensor names first.
            precondition(slots.norm == nil, "safetensors names no normalisation tensors yet")
            entries.append("\"layers.\(layer).weight\":{\"dtype\":\"F32\",\"shape\":[\(slots.fanOut),\(slots.fanIn)],\"data_offsets\":\(dataOffsets(slots.weights))}")
            entries.append("\"layers.\(layer).bias\":{\"dtype\":\"F32\",\"shape\":[\(slots.fanOut)],\"data_offsets\":\(dataOffsets(slots.bias))}")
        }
        let dataBytes = 4 * layout.parameterCount
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + dataBytes)
        var length = UInt64(header.count).littleEndian
        withUnsafeBytes(of: &length) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: header)
        for value in network.parameters {
            var bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }
}
