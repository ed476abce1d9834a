import Core
import Foundation

/// Turns one merged configuration tree (defaults + experiment + swept values) into a validated
/// `RunConfig`, reporting every problem with its position. Unknown keys, names, types, ranges and
/// cross-field rules (splits, metric vs task, output head vs task, data files) are all checked here.
struct ConfigBuilder {
    let catalog: DatasetCatalog
    let sink: DiagnosticSink
    /// Folder of the notebook: relative data paths resolve against it.
    let baseDirectory: URL
    /// Where to point when a problem concerns a key that is not written anywhere.
    let fallback: SourceMark

    var reader: NodeReader { NodeReader(sink: sink) }

    /// The typed configuration, or nil when this tree has problems (already reported).
    func build(_ root: YAMLNode) -> RunConfig? {
        let before = sink.count
        var config = RunConfig()
        checkKeys(root, allowed: ConfigSchema.sectionNames, context: "the configuration")
        var datasetNode: YAMLNode?
        var metricNode: YAMLNode?
        for pair in root.pairs ?? [] {
            guard let key = pair.key.scalarText else { continue }
            switch key {
            case "dataset": datasetNode = pair.value; readDataset(pair.value, into: &config.dataset)
            case "model": readModel(pair.value, into: &config.model)
            case "training": readTraining(pair.value, into: &config.training)
            case "metric": metricNode = pair.value
            default: break
            }
        }
        let task = knownTask(config.dataset)
        crossCheck(&config, task: task, root: root, datasetNode: datasetNode)
        config.metric = readMetric(metricNode, config: config, task: task)
        return sink.count == before ? config : nil
    }

    /// Reports keys not in `allowed`, suggesting the closest one.
    func checkKeys(_ node: YAMLNode, allowed: [String], context: String) {
        for pair in node.pairs ?? [] {
            let key = pair.key.scalarText ?? ""
            if !allowed.contains(key) {
                sink.error(pair.key.mark, "unknown key '\(key)' in \(context)\(EditDistance.suggestion(for: key, in: allowed)) (expected one of: \(allowed.joined(separator: ", ")))")
            }
        }
    }

    /// A section must be a mapping; reports otherwise.
    func mapping(_ node: YAMLNode, _ name: String) -> [YAMLNode.Pair]? {
        guard let pairs = node.pairs else {
            sink.error(node.mark, "'\(name)' must be a mapping of keys to values, got \(NodeReader.describe(node))")
            return nil
        }
        return pairs
    }

    // MARK: dataset

    private func readDataset(_ node: YAMLNode, into dataset: inout RunConfig.Dataset) {
        guard let pairs = mapping(node, "dataset") else { return }
        checkKeys(node, allowed: ConfigSchema.keys(of: "dataset"), context: "'dataset'")
        var sources: [YAMLNode.Pair] = []
        for pair in pairs {
            let value = pair.value
            switch pair.key.scalarText ?? "" {
            case "name":
                sources.append(pair)
                dataset.name = reader.choice(value, "dataset.name", catalog.tasks.keys.sorted(), what: "dataset")
            case "csv":
                sources.append(pair)
                dataset.csv = reader.string(value, "dataset.csv").flatMap { existingFile($0, at: value.mark) }
            case "idx":
                sources.append(pair)
                readIDX(value, into: &dataset)
            case "target": dataset.target = isNull(value) ? nil : reader.string(value, "dataset.target")
            case "features": dataset.features = isNull(value) ? nil : stringList(value, "dataset.features")
            case "task": dataset.task = reader.wordOrAuto(value, "dataset.task", LearningTask.self, what: "task") ?? dataset.task
            case "validation": dataset.validation = reader.double(value, "dataset.validation", atLeast: 0, below: 1) ?? dataset.validation
            case "test": dataset.test = reader.double(value, "dataset.test", atLeast: 0, below: 1) ?? dataset.test
            case "normalize": dataset.normalize = reader.word(value, "dataset.normalize", Normalization.self, what: "normalization") ?? dataset.normalize
            case "seed": dataset.seed = reader.int(value, "dataset.seed", atLeast: 0) ?? dataset.seed
            case "n": dataset.n = reader.int(value, "dataset.n", atLeast: 1)
            case "noise": dataset.noise = reader.double(value, "dataset.noise", atLeast: 0)
            case "classes": dataset.classes = reader.int(value, "dataset.classes", atLeast: 2)
            case "dimensions": dataset.dimensions = reader.int(value, "dataset.dimensions", atLeast: 1)
            default: break
            }
        }
        if sources.count > 1 {
            let names = sources.compactMap { $0.key.scalarText }.joined(separator: ", ")
            sink.error(sources[1].key.mark, "dataset has both \(names); give exactly one of 'name', 'csv' or 'idx'")
        } else if sources.isEmpty {
            sink.error(node.mark, "dataset needs one of 'name' (a built-in data set), 'csv' or 'idx'")
        }
        for key in ["target", "features"] {
            if let pair = pairs.first(where: { $0.key.scalarText == key }), !isNull(pair.value), dataset.csv == nil,
               !sources.contains(where: { $0.key.scalarText == "csv" }) {
                sink.error(pair.key.mark, "'dataset.\(key)' applies to a csv data set only")
            }
        }
    }

    private func readIDX(_ node: YAMLNode, into dataset: inout RunConfig.Dataset) {
        guard mapping(node, "dataset.idx") != nil else { return }
        checkKeys(node, allowed: ["images", "labels"], context: "'dataset.idx'")
        var paths: [String] = []
        for key in ["images", "labels"] {
            guard let value = node[key] else {
                sink.error(node.mark, "'dataset.idx' needs '\(key)' (path of the IDX \(key) file)")
                continue
            }
            if let path = reader.string(value, "dataset.idx.\(key)").flatMap({ existingFile($0, at: value.mark) }) {
                paths.append(path)
            }
        }
        dataset.idx = paths.count == 2 ? RunConfig.IDXFiles(images: paths[0], labels: paths[1]) : nil
    }

    /// The absolute path of a data file, which must exist.
    private func existingFile(_ path: String, at mark: SourceMark) -> String? {
        let expanded = (path as NSString).expandingTildeInPath
        let url = expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : baseDirectory.appendingPathComponent(expanded)
        let absolute = url.standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), !isDirectory.boolValue else {
            sink.error(mark, "data file '\(path)' not found (looked for \(absolute))")
            return nil
        }
        return absolute
    }

    private func stringList(_ node: YAMLNode, _ field: String) -> [String]? {
        guard let items = node.items else {
            sink.error(node.mark, "'\(field)' must be a list of column names, got \(NodeReader.describe(node))")
            return nil
        }
        let names = items.compactMap { reader.string($0, field) }
        return names.count == items.count ? names : nil
    }

    // MARK: model

    private func readModel(_ node: YAMLNode, into model: inout RunConfig.Model) {
        guard let pairs = mapping(node, "model") else { return }
        checkKeys(node, allowed: ConfigSchema.keys(of: "model"), context: "'model'")
        for pair in pairs {
            let value = pair.value
            switch pair.key.scalarText ?? "" {
            case "hidden": model.hidden = hiddenWidths(value) ?? model.hidden
            case "activation": model.activation = reader.word(value, "model.activation", Activation.self, what: "activation") ?? model.activation
            case "output": model.output = reader.wordOrAuto(value, "model.output", OutputHead.self, what: "output") ?? model.output
            case "init": model.initScheme = reader.wordOrAuto(value, "model.init", InitScheme.self, what: "init scheme") ?? model.initScheme
            default: break
            }
        }
    }

    /// `[64, 32]`, `[]` (a linear model) or a single width `64`.
    private func hiddenWidths(_ node: YAMLNode) -> [Int]? {
        if node.items == nil, case .int = node.configValue {
            return reader.int(node, "model.hidden", atLeast: 1).map { [$0] }
        }
        guard let items = node.items else {
            sink.error(node.mark, "'model.hidden' must be a list of layer widths such as [64, 32], got \(NodeReader.describe(node))")
            return nil
        }
        let widths = items.compactMap { reader.int($0, "model.hidden width", atLeast: 1) }
        return widths.count == items.count ? widths : nil
    }
}
