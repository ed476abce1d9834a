import Core

/// `dataset.idx: {images, labels}`: both files are needed and must exist; `validation` and
/// `test` are optional `{images, labels}` pairs of fixed held-out files.
enum IDXFilesReader {
    static let fileKeys = ["images", "labels"]
    static let keys = fileKeys + ["validation", "test"]

    static func read(_ node: YAMLNode, _ context: KeyReading) -> RunConfig.IDXFiles? {
        guard context.reader.mapping(node, "dataset.idx") != nil else { return nil }
        context.reader.checkKeys(node, allowed: keys, context: "'dataset.idx'")
        guard let files = pair(node, "dataset.idx", context) else { return nil }
        var result = RunConfig.IDXFiles(images: files.images, labels: files.labels)
        var complete = true
        for split in ["validation", "test"] {
            guard let value = node[split], !value.isNull else { continue }
            let path = "dataset.idx.\(split)"
            guard context.reader.mapping(value, path) != nil else { complete = false; continue }
            context.reader.checkKeys(value, allowed: fileKeys, context: "'\(path)'")
            guard let held = pair(value, path, context) else { complete = false; continue }
            if split == "validation" { result.validation = held } else { result.test = held }
        }
        return complete ? result : nil
    }

    private static func pair(_ node: YAMLNode, _ path: String, _ context: KeyReading) -> RunConfig.IDXFiles.Pair? {
        var paths: [String] = []
        for key in fileKeys {
            guard let value = node[key] else {
                context.reader.sink.error(node.mark, "'\(path)' needs '\(key)' (path of the IDX \(key) file)")
                continue
            }
            if let file = context.reader.string(value, "\(path).\(key)").flatMap({ context.dataFile($0, value.mark) }) {
                paths.append(file)
            }
        }
        return paths.count == 2 ? .init(images: paths[0], labels: paths[1]) : nil
    }

    /// The resolved tree's form: the held-out pairs only when given, so ids without them are unchanged.
    static func resolved(_ files: RunConfig.IDXFiles) -> ConfigValue {
        func entries(_ images: String, _ labels: String) -> [ConfigEntry] {
            [ConfigEntry(key: "images", value: .string(images)), ConfigEntry(key: "labels", value: .string(labels))]
        }
        var result = entries(files.images, files.labels)
        if let held = files.validation { result.append(ConfigEntry(key: "validation", value: .map(entries(held.images, held.labels)))) }
        if let held = files.test { result.append(ConfigEntry(key: "test", value: .map(entries(held.images, held.labels)))) }
        return .map(result)
    }
}

/// `training.early_stopping`: a mapping of `ConfigSchema.earlyStopping` keys, `true` (the default
/// settings), or `false` / null (train every epoch).
enum EarlyStoppingReader {
    static func read(_ node: YAMLNode, _ context: KeyReading) -> RunConfig.EarlyStopping? {
        switch node.configValue {
        case .null, .bool(false): return nil
        case .bool(true): return RunConfig.EarlyStopping()
        default: break
        }
        guard let pairs = context.reader.mapping(node, "training.early_stopping") else { return nil }
        context.reader.checkKeys(node, allowed: ConfigSchema.earlyStopping.map(\.name), context: "'training.early_stopping'")
        var stopping = RunConfig.EarlyStopping()
        for pair in pairs {
            ConfigSchema.earlyStopping.first { $0.name == pair.key.scalarText }?.read(context, pair.value, &stopping)
        }
        return stopping
    }
}
