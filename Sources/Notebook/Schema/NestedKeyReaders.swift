/// `dataset.idx: {images, labels}`: both files are needed and must exist.
enum IDXFilesReader {
    static let keys = ["images", "labels"]

    static func read(_ node: YAMLNode, _ context: KeyReading) -> RunConfig.IDXFiles? {
        guard context.reader.mapping(node, "dataset.idx") != nil else { return nil }
        context.reader.checkKeys(node, allowed: keys, context: "'dataset.idx'")
        var paths: [String] = []
        for key in keys {
            guard let value = node[key] else {
                context.reader.sink.error(node.mark, "'dataset.idx' needs '\(key)' (path of the IDX \(key) file)")
                continue
            }
            if let path = context.reader.string(value, "dataset.idx.\(key)").flatMap({ context.dataFile($0, value.mark) }) {
                paths.append(path)
            }
        }
        return paths.count == 2 ? RunConfig.IDXFiles(images: paths[0], labels: paths[1]) : nil
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
