import Core
import Foundation

/// The one path by which variants come into existence: an experiment's merged configuration
/// tree plus a point of its search space (one value per parameter) gives one validated variant
/// per seed, with its id, label and cost. The loader uses it for the fixed plans of grid and
/// random search; a search method that proposes points at run time (Search's `ExperimentSearch`)
/// uses the same factory, so a point gives the same variant ids whoever proposes it, and when.
public struct VariantFactory: Sendable {
    let experiment: String
    let file: String
    let catalog: DatasetCatalog
    let baseDirectory: URL
    /// `defaults` merged under the experiment's own blocks: every point starts from this tree.
    let tree: YAMLNode
    let specs: [ParameterSpec]
    /// Seed nodes to write into `training.seed` (nil: keep the configuration's own seed).
    let seeds: [YAMLNode?]
    /// Where problems without a better position are reported (the experiment cell).
    let fallback: SourceMark
    /// Where "resolve to the same configuration" is reported.
    let parametersMark: SourceMark

    /// The parameters of the experiment's search space, in declaration order.
    public var parameters: [SweptParameter] { specs.map(\.parameter) }

    /// Parameters that take more than one value appear in labels; fixed ones would only repeat.
    private var labelled: Set<String> { Set(specs.filter { $0.domain.valueCount != 1 || $0.condition != nil }.map(\.path)) }

    /// The variants of one point, one per seed. Throws every configuration problem the point
    /// causes (a drawn value out of a key's range, ...), positioned in the notebook.
    public func variants(at point: [ConfigValue]) throws(NotebookErrors) -> [Variant] {
        let sink = DiagnosticSink(file: file)
        sink.oncePerPosition = true
        var labels: [String: String] = [:]
        let variants = build([point], sink: sink, cost: CostEstimator(catalog: catalog), labelOfID: &labels)
        guard sink.count == 0 else { throw NotebookErrors(sink.sorted) }
        return variants
    }

    /// Builds the variants of `points` in order (points outer, seeds inner), reporting problems to
    /// `sink`; `labelOfID` holds the labels of the variants built so far by id, so two points that
    /// resolve to the same configuration are an error rather than one run trained twice.
    func build(_ points: [[ConfigValue]], sink: DiagnosticSink, cost: CostEstimator, labelOfID: inout [String: String]) -> [Variant] {
        let builder = ConfigBuilder(catalog: catalog, sink: sink, baseDirectory: baseDirectory, fallback: fallback)
        let labelled = labelled
        let space = parameters
        // One string for every variant's folder (`URL.path` makes a new one each time).
        let folder = baseDirectory.path
        var shared = SharedParts()
        var variants: [Variant] = []
        variants.reserveCapacity(points.count * seeds.count)
        for point in points {
            precondition(point.count == specs.count, "a point of experiment '\(experiment)' needs one value per parameter")
            var pointTree = tree
            // A conditional parameter absent from this point is not set (its key keeps the
            // experiment's value) and not shown: labels and reports list what the variant has.
            let present = space.presence(in: point)
            var specs: [ParameterSpec] = []
            for (index, (spec, value)) in zip(self.specs, point).enumerated() where present[index] {
                pointTree = ConfigTree.settingParameter(pointTree, path: spec.path, to: spec.node(for: value), keyMark: spec.keyMark)
                specs.append(spec)
            }
            for seed in seeds {
                var seeded = pointTree
                if let seed { seeded = ConfigTree.settingParameter(pointTree, path: "training.seed", to: seed, keyMark: seed.mark) }
                let attempts = sink.attempts
                guard let built = builder.build(seeded) else { continue }
                // A configuration with problems holds defaults in place of the values at fault:
                // comparing it with the others would name values the user never wrote.
                guard sink.attempts == attempts else { continue }
                // `dataset.folds: k` makes k runs of the seed, fold inner: each fold validates once.
                for fold in built.dataset.folds.map({ Array(1...$0).map(Optional.some) }) ?? [nil] {
                    var config = built
                    config.dataset.fold = fold
                    shared.share(&config)
                    let resolved = config.resolved(relativeTo: folder)
                    let (id, legacyID) = builder.ids(of: config, resolved: resolved)
                    let swept = specs.map { SweptValue(name: $0.path, value: resolved.value(at: $0.path) ?? config.schemaValue(at: $0.path) ?? .null) }
                    let label = VariantLabel.label(parameters: VariantLabel.shaped(swept.filter { labelled.contains($0.name) }, hidden: resolved.value(at: "model.hidden")),
                                                   seed: config.training.seed, fold: fold)
                    if let first = labelOfID[id] {
                        sink.error(parametersMark, "variants '\(first)' and '\(label)' of experiment '\(experiment)' resolve to the same configuration")
                        continue
                    }
                    var variant = Variant(id: id, experiment: experiment, label: label, seed: config.training.seed, parameters: swept,
                                          config: config, resolved: .null, cost: cost.cost(of: config), legacyID: legacyID)
                    variant.sharedMarks = shared.marks(VariantMarks(tree: seeded, file: file, experiment: fallback))
                    variant.parameterCount = cost.parameterCount(of: config)
                    variant.costFeatures = cost.features(of: config)
                    // The same tree, derived again when a record needs it (memory flat in the variant count).
                    variant.resolvedTree = .relativeTo(folder)
                    labelOfID[id] = label
                    variants.append(variant)
                }
            }
        }
        return variants
    }
}
