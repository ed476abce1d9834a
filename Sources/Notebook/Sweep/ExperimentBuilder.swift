import Core
import Foundation

/// Builds one experiment cell: merges `defaults` under its blocks, parses its search space, asks
/// the planner for the plan's points and builds every variant (one per point and seed) through
/// the experiment's `VariantFactory`, validating each configuration.
struct ExperimentBuilder {
    static let keys = ["name", "method", "parameters", "seeds", "repeats", "count", "run_cap", "sweep_seed", "round_size",
                       "budget", "early_terminate",
                       "description", "dataset", "model", "training", "metric"]

    let catalog: DatasetCatalog
    let sink: DiagnosticSink
    let baseDirectory: URL
    let defaults: YAMLNode?
    let cost: CostEstimator
    let planner: any SweepPlanner
    /// The notebook's top-level `budget`: its epochs apply to every experiment without its own.
    var defaultBudget: SearchBudget? = nil

    /// `defaultName` is the file stem for the single-experiment shorthand (whose keys the
    /// notebook level already checked), nil for a cell, which must name itself.
    func build(_ node: YAMLNode, defaultName: String?) -> Experiment? {
        let reader = NodeReader(sink: sink)
        let before = sink.count
        if defaultName == nil {
            let ignored = NotebookLoader.ignoredSweepKeys.filter { $0 != "name" }
            for pair in node.pairs ?? [] where ignored.contains(pair.key.scalarText ?? "") {
                sink.note(pair.key.mark, NotebookLoader.ignoredKeyNote(pair.key.scalarText ?? ""))
            }
            let checked = YAMLNode(kind: .mapping((node.pairs ?? []).filter { !ignored.contains($0.key.scalarText ?? "") }), mark: node.mark)
            ConfigBuilder(catalog: catalog, sink: sink, baseDirectory: baseDirectory, fallback: node.mark)
                .checkKeys(checked, allowed: Self.keys, context: "experiment")
        }
        let name = experimentName(node, defaultName: defaultName)
        var method = SearchMethodKind.grid
        if let methodNode = node["method"] {
            method = reader.word(methodNode, "method", SearchMethodKind.self, what: "search method") ?? method
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
        guard var request = sweepRequest(node, specs: specs, method: method) else { return nil }
        if let base { request.metric = base.metric }
        request.runsPerPoint = max(1, seeds.count)
        request.cutAtBands = node["early_terminate"] != nil
        guard let points = plan(request, node: node, specs: specs),
              checkRunCount(points: points.count, runsPerPoint: request.runsPerPoint, node: node) else { return nil }

        // Every variant of the plan is built here, so its problems show with all the others.
        let factory = VariantFactory(experiment: name, file: sink.file, catalog: catalog, baseDirectory: baseDirectory,
                                     tree: merged, specs: specs, seeds: seeds, fallback: node.mark,
                                     parametersMark: node["parameters"]?.mark ?? node.mark)
        sink.oncePerPosition = true
        defer { sink.oncePerPosition = false }
        var labelOfID: [String: String] = [:]
        let variants = factory.build(points, sink: sink, cost: cost, labelOfID: &labelOfID)
        let hyperband = node["early_terminate"].flatMap { early in
            base.flatMap { earlyTermination(early, base: $0, variants: variants, method: method, request: request) }
        }
        guard sink.count == before, let base else { return nil }
        // A name swept under two values of one parameter is one column of the report.
        let sweeps = specs.uniqued(by: \.path).map { ParameterSweep(name: $0.path, summary: $0.summary, isLogScale: $0.domain.isLogScale, isCategorical: $0.domain.isCategorical) }
        var experiment = Experiment(name: name, method: method, parameters: sweeps, seeds: variants.map(\.seed).uniqued(),
                                    metric: base.metric, variants: variants, line: node.mark.line, sweep: request, factory: factory)
        if let text = node["description"].flatMap({ reader.string($0, "description") }) { experiment.description = text }
        experiment.methodMark = node["method"]?.mark ?? node.mark
        experiment.budget = epochBudget(node)
        experiment.hyperband = hyperband
        // A run waiting at a band has not ended, so the budget cannot count its epochs, and the
        // band cannot be decided while the budget holds back the rest of its cohort: the two
        // would wait for each other.
        if let budget = experiment.budget, budget.epochs != nil, hyperband != nil {
            sink.error(budget.mark, "an epoch budget cannot be combined with hyperband early termination yet (a run waiting at a band has not ended, so its epochs cannot be counted); use a time budget, or 'count'")
        }
        return experiment
    }

    /// The experiment's epoch budget: its own `budget`, else the notebook's epochs.
    private func epochBudget(_ node: YAMLNode) -> SearchBudget? {
        if let own = node["budget"] { return BudgetReader(sink: sink).read(own, allowsTime: false) }
        guard let defaultBudget, defaultBudget.epochs != nil else { return nil }
        return SearchBudget(epochs: defaultBudget.epochs, mark: defaultBudget.mark)
    }

    /// `early_terminate`, checked against the experiment's metric, epochs and plan.
    private func earlyTermination(_ node: YAMLNode, base: RunConfig, variants: [Variant], method: SearchMethodKind,
                                  request: SweepRequest) -> Hyperband? {
        let epochs = variants.map(\.config.training.epochs).max() ?? base.training.epochs
        let fixedPlan = !(method.isAdaptive || (method == .random && request.count == nil))
        let context = ConfigBuilder(catalog: catalog, sink: sink, baseDirectory: baseDirectory, fallback: node.mark).context
        return EarlyTerminateReader(sink: sink, context: context).read(node, metric: base.metric, epochs: epochs, fixedPlan: fixedPlan)
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
            guard count <= Self.maximumRepeats else {
                sink.error(repeatsNode.mark, "'repeats' may be at most \(Self.maximumRepeats), got \(count)")
                return [nil]
            }
            // Repeats count up from the configured training seed: seed, seed+1, ...
            return (0..<count).map { offset in
                YAMLNode(kind: .scalar(String(baseSeed + offset), style: .plain, tag: "tag:yaml.org,2002:int"), mark: repeatsNode.mark)
            }
        }
        return [nil]
    }

    /// The search the experiment declares: `method`, `count` / `run_cap`, `sweep_seed` and
    /// `round_size`, checked against each other; nil (with the problems reported) when they do
    /// not fit together.
    private func sweepRequest(_ node: YAMLNode, specs: [ParameterSpec], method: SearchMethodKind) -> SweepRequest? {
        let reader = NodeReader(sink: sink)
        let countNode = node["count"] ?? node["run_cap"]
        if node["count"] != nil, let runCap = node["run_cap"] {
            sink.error(runCap.mark, "give either 'count' or 'run_cap', not both")
        }
        let sweepSeed = node["sweep_seed"].flatMap { reader.int($0, "sweep_seed", atLeast: 0) } ?? 0
        let parameters = specs.map(\.parameter)
        var roundSize = SweepRequest.defaultRoundSize
        if let roundNode = node["round_size"] {
            if method != .bayes {
                sink.error(roundNode.mark, "'round_size' applies to 'method: bayes'; \(method.rawValue) search proposes its whole plan at once")
            } else if let size = reader.int(roundNode, "round_size", atLeast: 1) {
                roundSize = size
            }
        }
        if method == .random || method == .bayes {
            // Without a count the search runs until stopped (Ctrl-C), as W&B's does.
            guard let countNode else {
                return SweepRequest(method: method, parameters: parameters, count: nil, seed: UInt64(sweepSeed), roundSize: roundSize)
            }
            guard let count = reader.int(countNode, "count", atLeast: 1) else { return nil }
            if count > SweepRequest.maximumPoints {
                sink.error(countNode.mark, "'count' may be at most \(SweepRequest.maximumPoints)")
                return nil
            }
            return SweepRequest(method: method, parameters: parameters, count: count, seed: UInt64(sweepSeed), roundSize: roundSize)
        }
        if let countNode {
            sink.error(countNode.mark, "'count' applies to 'method: random' and 'method: bayes'; a grid runs every combination")
        }
        if let seedNode = node["sweep_seed"] {
            sink.error(seedNode.mark, "'sweep_seed' applies to 'method: random' and 'method: bayes'; a grid draws nothing")
        }
        return SweepRequest(method: method, parameters: parameters)
    }

    /// Asks the planner for the plan's points and reports its problems where the user wrote the
    /// parameter, the method or the count.
    private func plan(_ request: SweepRequest, node: YAMLNode, specs: [ParameterSpec]) -> [[ConfigValue]]? {
        func mark(_ anchor: SweepProblem.Anchor) -> SourceMark {
            switch anchor {
            case .parameterName(let index): return specs[index].keyMark
            case .parameterSpecification(let index): return specs[index].specMark
            case .method: return node["method"]?.mark ?? node.mark
            case .count: return (node["count"] ?? node["run_cap"])?.mark ?? node.mark
            case .roundSize: return node["round_size"]?.mark ?? node["method"]?.mark ?? node.mark
            }
        }
        do {
            let points = try planner.plan(request)
            for warning in planner.warnings(request) { sink.warning(mark(warning.anchor), warning.message) }
            return points
        } catch {
            for problem in error.problems { sink.error(mark(problem.anchor), problem.message) }
            return nil
        }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
