import Core
import Foundation

/// Builds one experiment cell: merges `defaults` under its blocks, parses its sweep, expands it
/// into variants (one per sweep point and seed) and validates every variant's configuration.
struct ExperimentBuilder {
    static let keys = ["name", "method", "parameters", "seeds", "repeats", "count", "run_cap", "sweep_seed",
                       "description", "dataset", "model", "training", "metric"]

    let catalog: DatasetCatalog
    let sink: DiagnosticSink
    let baseDirectory: URL
    let defaults: YAMLNode?
    let cost: CostEstimator

    /// `defaultName` is the file stem for the single-experiment shorthand (whose keys the
    /// notebook level already checked), nil for a cell, which must name itself.
    func build(_ node: YAMLNode, defaultName: String?) -> Experiment? {
        let reader = NodeReader(sink: sink)
        let before = sink.count
        if defaultName == nil {
            ConfigBuilder(catalog: catalog, sink: sink, baseDirectory: baseDirectory, fallback: node.mark)
                .checkKeys(node, allowed: Self.keys, context: "experiment")
        }
        let name = experimentName(node, defaultName: defaultName)
        var method = SearchMethodKind.grid
        if let methodNode = node["method"] {
            if case .string("bayes") = methodNode.configValue {
                sink.error(methodNode.mark, "search method 'bayes' is not supported: gradbook runs variants independently and in parallel; use 'grid' or 'random'")
            } else {
                method = reader.word(methodNode, "method", SearchMethodKind.self, what: "search method") ?? method
            }
        }

        // Defaults under the experiment's own configuration blocks.
        let overlay = YAMLNode(kind: .mapping((node.pairs ?? []).filter { ConfigSchema.sectionNames.contains($0.key.scalarText ?? "") }), mark: node.mark)
        let merged = defaults.map { ConfigTree.merge($0, overlay) } ?? overlay
        let configBuilder = ConfigBuilder(catalog: catalog, sink: sink, baseDirectory: baseDirectory, fallback: node.mark)
        sink.oncePerPosition = false
        let base = configBuilder.build(merged)

        let specs = node["parameters"].map { ParameterParser(sink: sink).parse($0) } ?? []
        let seeds = seedList(node, baseSeed: base?.training.seed ?? RunConfig().training.seed,
                             sweepsSeed: specs.contains { $0.path == "training.seed" })
        let points = expand(node, specs: specs, method: method)
        guard let points else { return nil }

        sink.oncePerPosition = true
        defer { sink.oncePerPosition = false }
        var variants: [Variant] = []
        var firstOfID: [String: Int] = [:]
        let labelled = Set(specs.filter { $0.gridCount != 1 }.map(\.path))
        for point in points {
            var tree = merged
            for (spec, value) in zip(specs, point) {
                tree = ConfigTree.settingParameter(tree, path: spec.path, to: value, keyMark: spec.keyMark)
            }
            for seed in seeds {
                var seeded = tree
                if let seed { seeded = ConfigTree.settingParameter(tree, path: "training.seed", to: seed, keyMark: seed.mark) }
                guard let config = configBuilder.build(seeded) else { continue }
                let resolved = config.resolved(relativeTo: baseDirectory.path)
                let (id, legacyID) = configBuilder.ids(of: config)
                let swept = specs.map {
                    SweptValue(name: $0.path, value: resolved.value(at: $0.path) ?? config.completeTree.value(at: $0.path) ?? .null)
                }
                let label = VariantLabel.label(parameters: swept.filter { labelled.contains($0.name) }, seed: config.training.seed)
                if let first = firstOfID[id] {
                    sink.error(node["parameters"]?.mark ?? node.mark, "variants '\(variants[first].label)' and '\(label)' of experiment '\(name)' resolve to the same configuration")
                    continue
                }
                firstOfID[id] = variants.count
                variants.append(Variant(id: id, experiment: name, label: label, seed: config.training.seed, parameters: swept,
                                        config: config, resolved: resolved, cost: cost.cost(of: config), legacyID: legacyID))
            }
        }
        guard sink.count == before, let base else { return nil }
        let sweeps = specs.map { ParameterSweep(name: $0.path, summary: $0.summary, isLogScale: $0.isLogScale, isCategorical: $0.isCategorical) }
        var experiment = Experiment(name: name, method: method, parameters: sweeps, seeds: variants.map(\.seed).uniqued(),
                                    metric: base.metric, variants: variants, line: node.mark.line)
        if let text = node["description"].flatMap({ reader.string($0, "description") }) { experiment.description = text }
        return experiment
    }

    private func experimentName(_ node: YAMLNode, defaultName: String?) -> String {
        guard let nameNode = node["name"] else {
            if let defaultName { return defaultName }
            sink.error(node.mark, "experiment needs a 'name' ([a-z0-9_-]+, unique in the notebook)")
            return "experiment"
        }
        guard let name = NodeReader(sink: sink).string(nameNode, "name") else { return "experiment" }
        if !Self.isValidName(name) {
            sink.error(nameNode.mark, "experiment name '\(name)' may use only a-z, 0-9, '_' and '-' (it names a folder)")
        }
        return name
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }

    /// The shorthand's name from a file stem: lower-cased, other characters replaced by '-'.
    static func sanitizedName(_ stem: String) -> String {
        let mapped = String(stem.lowercased().unicodeScalars.map { scalar -> Character in
            isValidName(String(scalar)) ? Character(scalar) : "-"
        })
        return mapped.isEmpty ? "experiment" : mapped
    }

    /// Seed nodes to write into `training.seed` (nil: keep the configuration's own seed).
    private func seedList(_ node: YAMLNode, baseSeed: Int, sweepsSeed: Bool) -> [YAMLNode?] {
        let reader = NodeReader(sink: sink)
        let seedsNode = node["seeds"], repeatsNode = node["repeats"]
        if seedsNode != nil, let repeatsNode {
            // Reported here; the seeds list is still checked below so every problem shows at once.
            sink.error(repeatsNode.mark, "give either 'seeds' or 'repeats', not both")
        }
        if sweepsSeed, let conflicting = seedsNode ?? repeatsNode {
            sink.error(conflicting.mark, "'training.seed' is already a swept parameter; drop 'seeds'/'repeats' or the parameter")
            return [nil]
        }
        if let seedsNode {
            guard let items = seedsNode.items, !items.isEmpty else {
                sink.error(seedsNode.mark, "'seeds' must be a non-empty list of integers such as [1, 2, 3]")
                return [nil]
            }
            var seen: [Int: SourceMark] = [:]
            var nodes: [YAMLNode?] = []
            for item in items {
                guard let seed = reader.int(item, "seeds", atLeast: 0) else { continue }
                if let first = seen[seed] {
                    sink.error(item.mark, "seed \(seed) is repeated (first at line \(first.line), column \(first.column))")
                    continue
                }
                seen[seed] = item.mark
                nodes.append(item)
            }
            return nodes
        }
        if let repeatsNode {
            guard let count = reader.int(repeatsNode, "repeats", atLeast: 1) else { return [nil] }
            // Repeats count up from the configured training seed: seed, seed+1, ...
            return (0..<min(count, 10_000)).map { offset in
                YAMLNode(kind: .scalar(String(baseSeed + offset), style: .plain, tag: "tag:yaml.org,2002:int"), mark: repeatsNode.mark)
            }
        }
        return [nil]
    }

    private func expand(_ node: YAMLNode, specs: [ParameterSpec], method: SearchMethodKind) -> [[YAMLNode]]? {
        let reader = NodeReader(sink: sink)
        let expander = SweepExpander(sink: sink)
        let countNode = node["count"] ?? node["run_cap"]
        if node["count"] != nil, let runCap = node["run_cap"] {
            sink.error(runCap.mark, "give either 'count' or 'run_cap', not both")
        }
        let sweepSeed = node["sweep_seed"].flatMap { reader.int($0, "sweep_seed", atLeast: 0) } ?? 0
        if method == .random {
            guard let countNode else {
                sink.error(node["method"]?.mark ?? node.mark, "random search needs 'count' (how many configurations to draw)")
                return nil
            }
            guard let count = reader.int(countNode, "count", atLeast: 1) else { return nil }
            if count > SweepExpander.maximumPoints {
                sink.error(countNode.mark, "'count' may be at most \(SweepExpander.maximumPoints)")
                return nil
            }
            return expander.random(specs, count: count, seed: UInt64(sweepSeed), countMark: countNode.mark)
        }
        if let countNode {
            sink.error(countNode.mark, "'count' applies to 'method: random'; a grid runs every combination")
        }
        if let seedNode = node["sweep_seed"] {
            sink.error(seedNode.mark, "'sweep_seed' applies to 'method: random'; a grid draws nothing")
        }
        return expander.grid(specs, methodMark: node["method"]?.mark ?? node.mark)
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
