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

    var context: KeyReading {
        KeyReading(reader: reader, catalog: catalog, dataFile: { existingFile($0, at: $1) })
    }

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
            case "dataset": datasetNode = pair.value; readSection(pair.value, "dataset", ConfigSchema.dataset, into: &config)
            case "model": readSection(pair.value, "model", ConfigSchema.model, into: &config)
            case "training": readTraining(pair.value, into: &config)
            case "metric": metricNode = pair.value
            default: break
            }
        }
        applyShape(root["model"], to: &config)
        if let datasetNode { checkSources(datasetNode, config.dataset) }
        let task = knownTask(config.dataset)
        crossCheck(&config, task: task, root: root, datasetNode: datasetNode)
        config.metric = readMetric(metricNode, config: config, task: task)
        return sink.count == before ? config : nil
    }

    /// Reports keys not in `allowed`, suggesting the closest one.
    func checkKeys(_ node: YAMLNode, allowed: [String], context: String) {
        reader.checkKeys(node, allowed: allowed, context: context)
    }

    /// Reads every key of one section through its declaration in the schema table.
    func readSection(_ node: YAMLNode, _ name: String, _ keys: [ConfigSchema.Key], into config: inout RunConfig) {
        guard let pairs = reader.mapping(node, name) else { return }
        checkKeys(node, allowed: keys.map(\.name), context: "'\(name)'")
        let context = self.context
        for pair in pairs {
            keys.first { $0.name == pair.key.scalarText }?.read(context, pair.value, &config)
        }
    }

    // MARK: dataset

    /// Exactly one data source; `target` and `features` belong to a csv.
    private func checkSources(_ node: YAMLNode, _ dataset: RunConfig.Dataset) {
        guard let pairs = node.pairs else { return }
        let sources = pairs.filter { ConfigTree.datasetSources.contains($0.key.scalarText ?? "") }
        if sources.count > 1 {
            let names = sources.compactMap { $0.key.scalarText }.joined(separator: ", ")
            sink.error(sources[1].key.mark, "dataset has both \(names); give exactly one of 'name', 'csv' or 'idx'")
        } else if sources.isEmpty {
            sink.error(node.mark, "dataset needs one of 'name' (a built-in data set), 'csv' or 'idx'")
        }
        for key in ["target", "features"] {
            if let pair = pairs.first(where: { $0.key.scalarText == key }), !pair.value.isNull, dataset.csv == nil,
               !sources.contains(where: { $0.key.scalarText == "csv" }) {
                sink.error(pair.key.mark, "'dataset.\(key)' applies to a csv data set only")
            }
        }
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
}
