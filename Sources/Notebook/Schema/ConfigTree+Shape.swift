/// `model.width` and `model.depth` are a second way to write `model.hidden` (`[width] * depth`).
/// Whichever form a later layer (an experiment over `defaults`, a swept value over the experiment)
/// writes replaces the other form inherited from below, here, in the two edits that layer trees:
/// a `hidden` below `width`/`depth` becomes the width and depth it spells (when its layers are
/// equal), so `depth: 3` over `hidden: [32]` means `[32, 32, 32]`. Both forms in one written
/// mapping stay side by side for the builder to report.
extension ConfigTree {
    static let shapeKeys: Set<String> = ["width", "depth"]

    /// The model mapping `base` prepared for an overlay (or a swept value) that writes `keys`.
    static func model(_ base: YAMLNode, preparedFor keys: Set<String>) -> YAMLNode {
        guard let pairs = base.pairs else { return base }
        if keys.contains("hidden") {
            return YAMLNode(kind: .mapping(pairs.filter { !shapeKeys.contains($0.key.scalarText ?? "") }), mark: base.mark)
        }
        guard !keys.isDisjoint(with: shapeKeys), let index = pairs.firstIndex(where: { $0.key.scalarText == "hidden" }) else {
            return base
        }
        let hidden = pairs[index]
        var rest = pairs
        rest.remove(at: index)
        // Only a list of equal widths has a width and a depth; any other list is simply replaced.
        if let items = hidden.value.items {
            let texts = items.compactMap(\.scalarText)
            if texts.count == items.count, Set(texts).count <= 1 {
                let key = hidden.key.mark, value = hidden.value.mark
                if let width = texts.first, !rest.contains(where: { $0.key.scalarText == "width" }) {
                    rest.append(YAMLNode.Pair(key: .scalar("width", at: key), value: .scalar(width, at: value)))
                }
                if !rest.contains(where: { $0.key.scalarText == "depth" }) {
                    rest.append(YAMLNode.Pair(key: .scalar("depth", at: key), value: .scalar(String(items.count), at: value)))
                }
            }
        } else if let width = hidden.value.scalarText, !rest.contains(where: { $0.key.scalarText == "width" }) {
            // `hidden: 64` is one layer of 64.
            rest.append(YAMLNode.Pair(key: .scalar("width", at: hidden.key.mark), value: .scalar(width, at: hidden.value.mark)))
        }
        return YAMLNode(kind: .mapping(rest), mark: base.mark)
    }

    /// `root` with its `model` mapping prepared for a swept `model.<key>`.
    static func preparingModel(_ root: YAMLNode, forSwept key: String) -> YAMLNode {
        guard key == "hidden" || shapeKeys.contains(key), var pairs = root.pairs,
              let index = pairs.firstIndex(where: { $0.key.scalarText == "model" }) else { return root }
        pairs[index].value = model(pairs[index].value, preparedFor: [key])
        return YAMLNode(kind: .mapping(pairs), mark: root.mark)
    }
}
