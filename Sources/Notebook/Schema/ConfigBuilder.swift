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
        if let datasetNode {
            checkSources(datasetNode, config.dataset)
            checkColumns(datasetNode, config.dataset)
        }
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

    /// Exactly one data source; `target`, `features` and the missing-cell keys belong to a csv.
    private func checkSources(_ node: YAMLNode, _ dataset: RunConfig.Dataset) {
        guard let pairs = node.pairs else { return }
        let sources = pairs.filter { ConfigTree.datasetSources.contains($0.key.scalarText ?? "") }
        if sources.count > 1 {
            let names = sources.compactMap { $0.key.scalarText }.joined(separator: ", ")
            sink.error(sources[1].key.mark, "dataset has both \(names); give exactly one of 'name', 'csv' or 'idx'")
        } else if sources.isEmpty {
            sink.error(node.mark, "dataset needs one of 'name' (a built-in data set), 'csv' or 'idx'")
        }
        for key in ConfigTree.csvOnlyKeys.sorted() {
            if let pair = pairs.first(where: { $0.key.scalarText == key }), !pair.value.isNull, dataset.csv == nil,
               !sources.contains(where: { $0.key.scalarText == "csv" }) {
                sink.error(pair.key.mark, "'dataset.\(key)' applies to a csv data set only")
            }
        }
    }

    /// Column names against the csv's header, each at its own position (as the loader would at
    /// run time, but before anything is trained); a categorical column must also be a feature.
    private func checkColumns(_ node: YAMLNode, _ dataset: RunConfig.Dataset) {
        guard let csv = dataset.csv, let columns = catalog.csvColumns(csv) else { return }
        let file = URL(fileURLWithPath: csv).lastPathComponent
        func check(_ item: YAMLNode, _ key: String) -> String? {
            guard let name = item.scalarText else { return nil }
            if !columns.contains(name) {
                sink.error(item.mark, "'dataset.\(key)': \(file) has no column '\(name)'"
                    + "\(EditDistance.suggestion(for: name, in: columns)) (its columns are: \(columns.joined(separator: ", ")))")
                return nil
            }
            return name
        }
        if let target = node["target"], !target.isNull { _ = check(target, "target") }
        for item in node["features"]?.items ?? [] { _ = check(item, "features") }
        for item in node["categorical"]?.items ?? [] {
            guard let name = check(item, "categorical") else { continue }
            if name == dataset.target {
                sink.error(item.mark, "'dataset.categorical': '\(name)' is the target; list feature columns "
                    + "(a classification target is a set of classes already)")
            } else if let features = dataset.features, !features.contains(name) {
                sink.error(item.mark, "'dataset.categorical': '\(name)' is not one of 'dataset.features'")
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
