/// Edits of positioned configuration trees: defaults merged under experiment blocks, and swept
/// values written into a variant's tree. Positions stay those of whoever wrote each value.
enum ConfigTree {
    /// The keys of `dataset` that choose the data source; one replaces the others.
    static let datasetSources: Set<String> = ["name", "csv", "idx"]

    /// Keys that only a csv source reads: columns and missing-cell handling.
    static let csvOnlyKeys: Set<String> = ["target", "features", "categorical", "missing", "impute", "impute_text", "na_values",
                                           "validation_csv", "test_csv"]

    /// Keys that only make sense with one kind of source, dropped from the base when an
    /// overlay or a sweep switches source (a csv's `target` must not follow `name: moons`).
    static func keysDropped(bySwitchingTo source: String) -> Set<String> {
        let generatorOptions: Set<String> = ["n", "noise", "classes", "dimensions"]
        switch source {
        case "csv": return datasetSources.union(generatorOptions).subtracting(["csv"])
        case "idx": return datasetSources.union(generatorOptions).union(csvOnlyKeys).subtracting(["idx"])
        default: return datasetSources.union(csvOnlyKeys).subtracting(["name"])
        }
    }

    private static func dropping(_ pairs: [YAMLNode.Pair], forSource source: String) -> [YAMLNode.Pair] {
        let dropped = keysDropped(bySwitchingTo: source).union([source])
        return pairs.filter { !dropped.contains($0.key.scalarText ?? "") }
    }

    /// `overlay` merged over `base`: mappings merge key by key, anything else replaces. The
    /// `metric` block is replaced whole (a new name must not inherit the old goal), and a data
    /// source (`name`/`csv`/`idx`) in the overlay removes the base's source and the keys that
    /// belonged to it; `hidden` and `width`/`depth` replace each other (`ConfigTree+Shape.swift`).
    static func merge(_ base: YAMLNode, _ overlay: YAMLNode, path: String = "") -> YAMLNode {
        guard var basePairs = base.pairs, let overlayPairs = overlay.pairs, path != "metric" else { return overlay }
        if path == "dataset", let source = overlayPairs.compactMap(\.key.scalarText).first(where: datasetSources.contains) {
            basePairs = dropping(basePairs, forSource: source)
        }
        if path == "model" {
            basePairs = model(YAMLNode(kind: .mapping(basePairs), mark: base.mark),
                              preparedFor: Set(overlayPairs.compactMap(\.key.scalarText))).pairs ?? basePairs
        }
        for pair in overlayPairs {
            let key = pair.key.scalarText ?? ""
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            if let index = basePairs.firstIndex(where: { $0.key.identity == pair.key.identity }) {
                basePairs[index].value = merge(basePairs[index].value, pair.value, path: childPath)
            } else {
                basePairs.append(pair)
            }
        }
        return YAMLNode(kind: .mapping(basePairs), mark: base.mark)
    }

    /// `root` with the value at a dotted path replaced (intermediate mappings created as needed).
    static func setting(_ root: YAMLNode, path: [String], to value: YAMLNode, keyMark: SourceMark) -> YAMLNode {
        guard let key = path.first else { return value }
        var pairs = root.pairs ?? []
        let rest = Array(path.dropFirst())
        if let index = pairs.firstIndex(where: { $0.key.scalarText == key }) {
            pairs[index].value = setting(pairs[index].value, path: rest, to: value, keyMark: keyMark)
        } else {
            let empty = YAMLNode(kind: .mapping([]), mark: keyMark)
            pairs.append(YAMLNode.Pair(key: .scalar(key, at: keyMark), value: setting(empty, path: rest, to: value, keyMark: keyMark)))
        }
        return YAMLNode(kind: .mapping(pairs), mark: root.pairs == nil ? keyMark : root.mark)
    }

    /// Sweeping `dataset.name` over a base that reads a csv must drop the csv (and vice versa).
    static func settingParameter(_ root: YAMLNode, path: String, to value: YAMLNode, keyMark: SourceMark) -> YAMLNode {
        let components = path.split(separator: ".").map(String.init)
        var tree = root
        if components.count == 2, components[0] == "dataset", datasetSources.contains(components[1]),
           var pairs = tree.pairs, let index = pairs.firstIndex(where: { $0.key.scalarText == "dataset" }),
           var datasetPairs = pairs[index].value.pairs {
            datasetPairs = dropping(datasetPairs, forSource: components[1])
            pairs[index].value = YAMLNode(kind: .mapping(datasetPairs), mark: pairs[index].value.mark)
            tree = YAMLNode(kind: .mapping(pairs), mark: tree.mark)
        }
        if components.count == 2, components[0] == "model" { tree = preparingModel(tree, forSwept: components[1]) }
        return setting(tree, path: components, to: value, keyMark: keyMark)
    }

    /// The position of the key at a dotted path (the key, not its value: that is what a user edits).
    static func keyMark(in root: YAMLNode, path: [String]) -> SourceMark? {
        var node = root
        var mark: SourceMark?
        for component in path {
            guard let pair = node.pairs?.first(where: { $0.key.scalarText == component }) else { return nil }
            mark = pair.key.mark
            node = pair.value
        }
        return mark
    }
}
