import Foundation

/// The gradient-flow table of an experiment section: the first epoch's gradient RMS of every
/// parameter tensor that has statistics, one row each (a layer's weights, a norm's scale and its
/// shift), named as the exported weights name them, for the variants the gradient chart shows.
extension GradientFlowSummary {
    var table: String? {
        let points = charted
        guard !points.isEmpty else { return nil }
        let layerCount = points.map(\.perLayer.count).max() ?? 0
        let normCount = points.map { max($0.normScale.count, $0.normShift.count) }.max() ?? 0
        guard layerCount > 0 else { return nil }
        var table = MarkdownTable(headers: ["layer", "parameter"] + points.map(\.label),
                                  alignments: [.right, .left] + points.map { _ in .right })
        func cell(_ rows: [[Double]], _ index: Int) -> String {
            guard index < rows.count, let value = rows[index].first, value.isFinite else { return "-" }
            return ReadableNumber.format(value, significant: 2)
        }
        for layer in 0..<layerCount {
            let number = layer == layerCount - 1 ? "\(layer + 1) (output)" : "\(layer + 1)"
            table.append([number, "`layers.\(layer).weight`"] + points.map { cell($0.perLayer, layer) })
            guard layer < normCount else { continue }
            table.append(["", "`norms.\(layer).weight` (scale)"] + points.map { cell($0.normScale, layer) })
            table.append(["", "`norms.\(layer).bias` (shift)"] + points.map { cell($0.normShift, layer) })
        }
        return "First-epoch gradient RMS of each parameter tensor (mean over seeds; biases of the linear layers "
            + "are not tracked, `-`: the variant has no such tensor):\n\n" + table.rendered
    }
}
