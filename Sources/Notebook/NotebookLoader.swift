import Core
import Foundation

public enum NotebookLoader {
    /// Keys a notebook's top level may hold (besides `x-` keys, which are ignored), as the docs list them.
    static let topLevelKeys: [(name: String, accepts: String, meaning: String)] = [
        ("title", "one line", "the report's title (default: the file name)"),
        ("description", "text (Markdown)", "prose under the title"),
        ("defaults", "{dataset, model, training, metric}", "what every experiment starts from"),
        ("cells", "list of `- markdown:`, `- experiment:`, `- chart:`, `- table:` and `- compare:`",
         "the notebook's content, in order ([cells.md](cells.md))"),
        ("tensorboard", "`true` or `false` (default `false`)",
         "also write TensorBoard event files to `<out>/<notebook>/tensorboard/` (as `--tensorboard` does)"),
    ]
    static let notebookKeys = topLevelKeys.map(\.name)
    /// W&B sweep keys that name W&B's own machinery (the script, the project, the controller, a
    /// Launch job): a sweep file pasted as a notebook (or into an experiment cell) may keep them,
    /// and gradbook ignores them with a note. At the top level `name` is the W&B sweep's display
    /// name; the experiment is named after the file instead.
    static let ignoredSweepKeys = ["program", "project", "entity", "command", "name", "controller", "job", "image_uri",
                                   "scheduler", "apiVersion", "kind"]

    /// The note for an ignored W&B key.
    static func ignoredKeyNote(_ key: String) -> String {
        switch key {
        case "name": return "'name' (W&B's sweep name) is ignored: a single-experiment notebook is named after its file"
        case "program", "command": return "'\(key)' (the script W&B launches) is ignored: gradbook trains the network itself"
        case "project", "entity": return "'\(key)' (where W&B stores runs) is ignored: runs are stored under --out"
        default: return "'\(key)' (W&B's launch machinery) is ignored: gradbook schedules its own workers"
        }
    }

    /// Parses and validates a notebook and builds the plan of every experiment, asking `planner`
    /// for the points of each grid or random search. Throws `NotebookErrors` with every problem
    /// found. (The Search module's `NotebookLoader.load(path:catalog:)` passes its standard planner.)
    public static func load(path: String, catalog: DatasetCatalog, planner: any SweepPlanner) throws -> NotebookDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NotebookErrors([NotebookDiagnostic(file: path, line: 1, column: 1, message: "cannot read notebook file '\(path)'")])
        }
        return try load(bytes: [UInt8](data), path: path, catalog: catalog, planner: planner)
    }

    /// The same from bytes already in memory; `path` names the file in diagnostics and anchors
    /// relative data paths.
    public static func load(bytes: [UInt8], path: String, catalog: DatasetCatalog, planner: any SweepPlanner) throws -> NotebookDocument {
        let url = URL(fileURLWithPath: path)
        let stem = url.deletingPathExtension().lastPathComponent
        let sink = DiagnosticSink(file: path)
        let parsed = YAMLParser(file: path).parse(bytes)
        sink.append(parsed.diagnostics)
        guard let root = parsed.root else {
            if sink.count == 0 { sink.error(SourceMark(line: 1, column: 1), "the notebook is empty; it needs a 'title' and 'cells'") }
            throw NotebookErrors(sink.sorted)
        }
        let loader = DocumentReader(catalog: catalog, sink: sink, stem: stem, planner: planner,
                                    baseDirectory: url.deletingLastPathComponent().standardizedFileURL, source: SourceText(bytes))
        let content = loader.read(root)
        guard sink.count == 0, let content else { throw NotebookErrors(sink.sorted) }
        var document = NotebookDocument(path: path, stem: stem, title: content.title, description: content.description,
                                        cells: content.cells, contentHash: SHA256.hexDigest(bytes))
        document.warnings = sink.sortedRemarks
        document.tensorboard = content.tensorboard
        return document
    }
}

/// The notebook's top level: title, description, defaults and cells (or the one-experiment shorthand).
struct DocumentReader {
    let catalog: DatasetCatalog
    let sink: DiagnosticSink
    let stem: String
    let planner: any SweepPlanner
    let baseDirectory: URL
    /// The file's text, to place an inline value's problems inside a markdown string.
    let source: SourceText

    func read(_ root: YAMLNode) -> (title: String, description: String?, cells: [Cell], tensorboard: Bool)? {
        guard let pairs = root.pairs else {
            sink.error(root.mark, "a notebook is a mapping with 'title', 'description', 'defaults' and 'cells', got \(NodeReader.describe(root))")
            return nil
        }
        let reader = NodeReader(sink: sink)
        var visible = pairs.filter { !($0.key.scalarText ?? "").hasPrefix("x-") }
        let isShorthand = root["cells"] == nil && visible.contains { ExperimentBuilder.keys.contains($0.key.scalarText ?? "") && !NotebookLoader.notebookKeys.contains($0.key.scalarText ?? "") }
        if isShorthand {
            for pair in visible where NotebookLoader.ignoredSweepKeys.contains(pair.key.scalarText ?? "") {
                sink.note(pair.key.mark, NotebookLoader.ignoredKeyNote(pair.key.scalarText ?? ""))
            }
            visible.removeAll { NotebookLoader.ignoredSweepKeys.contains($0.key.scalarText ?? "") }
        }
        let allowed = NotebookLoader.notebookKeys + (isShorthand ? ExperimentBuilder.keys.filter { $0 != "description" } : [])
        for pair in visible where !allowed.contains(pair.key.scalarText ?? "") {
            let key = pair.key.scalarText ?? ""
            let hint = ExperimentBuilder.keys.contains(key) ? "; '\(key)' belongs inside an experiment cell" : EditDistance.suggestion(for: key, in: allowed)
            sink.error(pair.key.mark, "unknown top-level key '\(key)'\(hint) (expected one of: \(allowed.joined(separator: ", ")); keys starting with 'x-' are ignored)")
        }

        var title = stem
        if let titleNode = root["title"] {
            if let text = reader.string(titleNode, "title") {
                if text.contains("\n") { sink.error(titleNode.mark, "'title' must be one line") }
                title = text.trimmingCharacters(in: .whitespaces)
            }
        } else if !isShorthand {
            sink.error(root.mark, "the notebook needs a 'title' (one line)")
        }
        let description = root["description"].flatMap { reader.string($0, "description") }
        let descriptionNode = root["description"]
        let tensorboard = root["tensorboard"].flatMap { reader.bool($0, "tensorboard") } ?? false

        var defaults: YAMLNode?
        if let defaultsNode = root["defaults"] {
            if defaultsNode.pairs == nil {
                sink.error(defaultsNode.mark, "'defaults' must be a mapping with dataset, model, training and metric blocks")
            } else {
                ConfigBuilder(catalog: catalog, sink: sink, baseDirectory: baseDirectory, fallback: defaultsNode.mark)
                    .checkKeys(defaultsNode, allowed: ConfigSchema.sectionNames, context: "'defaults'")
                defaults = YAMLNode(kind: .mapping((defaultsNode.pairs ?? []).filter { ConfigSchema.sectionNames.contains($0.key.scalarText ?? "") }),
                                    mark: defaultsNode.mark)
            }
        }
        let builder = ExperimentBuilder(catalog: catalog, sink: sink, baseDirectory: baseDirectory,
                                        defaults: defaults, cost: CostEstimator(catalog: catalog), planner: planner)
        var cells: [Cell] = []
        if isShorthand {
            let node = YAMLNode(kind: .mapping(visible.filter { ExperimentBuilder.keys.contains($0.key.scalarText ?? "") && $0.key.scalarText != "description" }), mark: root.mark)
            if let experiment = builder.build(node, defaultName: ExperimentBuilder.sanitizedName(stem)) {
                cells.append(.experiment(experiment))
                // The description may quote the one experiment's results.
                descriptionNode.map(CellReader(sink: sink, catalog: catalog, baseDirectory: baseDirectory, source: source,
                                               experiments: [experiment.name: experiment], declared: [experiment.name]).checkInlineValues)
            }
        } else if let cellsNode = root["cells"] {
            cells = readCells(cellsNode, builder: builder, description: descriptionNode)
        } else {
            sink.error(root.mark, "the notebook has no 'cells' (or top-level 'parameters' for a single experiment)")
        }
        if let defaults, !(root["cells"]?.items ?? []).contains(where: { $0["experiment"] != nil }), !isShorthand {
            // No experiment exercised the defaults: check them on their own so typos still surface.
            _ = ConfigBuilder(catalog: catalog, sink: sink, baseDirectory: baseDirectory, fallback: defaults.mark).build(defaults)
        }
        return (title, description, cells, tensorboard)
    }

    static let cellKinds = ["markdown", "experiment", "chart", "table", "compare"]

    private func readCells(_ node: YAMLNode, builder: ExperimentBuilder, description: YAMLNode?) -> [Cell] {
        guard let items = node.items else {
            sink.error(node.mark, "'cells' must be a list of '- markdown: ...', '- experiment: ...', '- chart: ...', '- table: ...' and '- compare: ...' entries")
            return []
        }
        // Chart, table and compare cells and the inline values of prose name experiments that
        // may be declared further down: they are read once every experiment is built.
        var authored: [(at: Int, kind: String, node: YAMLNode)] = []
        var prose: [YAMLNode] = description.map { [$0] } ?? []
        let reader = NodeReader(sink: sink)
        var cells: [Cell] = []
        var names: [String: SourceMark] = [:]
        for item in items {
            guard let pairs = item.pairs, pairs.count == 1, let pair = pairs.first else {
                sink.error(item.mark, "each cell is a mapping with exactly one key: \(Self.cellKinds.map { "'\($0)'" }.joined(separator: ", "))")
                continue
            }
            switch pair.key.scalarText ?? "" {
            case "markdown":
                if let text = reader.string(pair.value, "markdown") { cells.append(.markdown(text)); prose.append(pair.value) }
            case "chart", "table", "compare":
                authored.append((cells.count, pair.key.scalarText ?? "", pair.value))
            case "experiment":
                guard pair.value.pairs != nil else {
                    sink.error(pair.value.mark, "'experiment' must be a mapping with at least a 'name'")
                    continue
                }
                if let nameNode = pair.value["name"], case .string(let name) = nameNode.configValue {
                    if let first = names[name] {
                        sink.error(nameNode.mark, "duplicate experiment name '\(name)' (first used at line \(first.line), column \(first.column))")
                    } else {
                        names[name] = nameNode.mark
                    }
                }
                if let experiment = builder.build(pair.value, defaultName: nil) {
                    cells.append(.experiment(experiment))
                }
            default:
                let key = pair.key.scalarText ?? ""
                sink.error(pair.key.mark, "unknown cell kind '\(key)'\(EditDistance.suggestion(for: key, in: Self.cellKinds)) (expected one of: \(Self.cellKinds.joined(separator: ", ")))")
            }
        }
        let built = Dictionary(cells.compactMap { if case .experiment(let e) = $0 { return (e.name, e) } else { return nil } }, uniquingKeysWith: { a, _ in a })
        let cellReader = CellReader(sink: sink, catalog: catalog, baseDirectory: baseDirectory, source: source,
                                    experiments: built, declared: Array(names.keys) + built.keys.filter { names[$0] == nil })
        prose.forEach(cellReader.checkInlineValues)
        // Back to front, so each insertion index still counts only the cells before it.
        for entry in authored.reversed() {
            if let cell = cellReader.read(kind: entry.kind, entry.node) { cells.insert(cell, at: entry.at) }
        }
        return cells
    }
}
