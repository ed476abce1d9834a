import Core

extension ConfigBuilder {
    /// `hidden = [width] * depth` when either is written (width 64 and depth 1 when absent, as the
    /// default `hidden: [64]`). Layering already replaced an inherited form by the written one
    /// (`ConfigTree+Shape.swift`), so both forms in the merged mapping were written side by side.
    func applyShape(_ model: YAMLNode?, to config: inout RunConfig) {
        guard let model, let pairs = model.pairs else { return }
        let shape = pairs.filter { ConfigTree.shapeKeys.contains($0.key.scalarText ?? "") }
        guard !shape.isEmpty else { return }
        if let hidden = pairs.first(where: { $0.key.scalarText == "hidden" }) {
            let names = shape.compactMap(\.key.scalarText).map { "'model.\($0)'" }.joined(separator: " and ")
            sink.error(hidden.key.mark, "'model.hidden' beside \(names) in one mapping: give either hidden or width and depth")
            return
        }
        let width = config.model.width ?? RunConfig.Model().hidden[0]
        config.model.hidden = [Int](repeating: width, count: config.model.depth ?? 1)
    }
}
