import Core

/// Reads an experiment's `early_terminate` through its keys in `ConfigSchema.earlyTerminate` and
/// checks it against the experiment: one band form, bands before the last epoch, a metric that
/// every epoch measures, `cohort` only where the plan is fixed. Every problem at its position.
struct EarlyTerminateReader {
    let sink: DiagnosticSink
    let context: KeyReading

    func read(_ node: YAMLNode, metric: RunConfig.Metric, epochs: Int, fixedPlan: Bool) -> Hyperband? {
        let reader = context.reader
        let before = sink.count
        guard let pairs = reader.mapping(node, "early_terminate") else { return nil }
        reader.checkKeys(node, allowed: ConfigSchema.earlyTerminate.map(\.name), context: "'early_terminate'")
        var spec = Hyperband()
        for pair in pairs {
            ConfigSchema.earlyTerminate.first { $0.name == pair.key.scalarText }?.read(context, pair.value, &spec)
        }
        guard let typeNode = node["type"] else {
            sink.error(node.mark, "'early_terminate' needs 'type: hyperband'")
            return nil
        }
        if let minNode = node["min_iter"] {
            if let maxNode = node["max_iter"] {
                sink.error(maxNode.mark, "give either 'min_iter' or 'max_iter' with 's', not both")
            }
            if let s = node["s"], node["max_iter"] == nil { sink.error(s.mark, "'s' goes with 'max_iter'; with 'min_iter' the bands are min_iter * eta^k") }
            if let minIter = spec.minIter, minIter >= epochs {
                sink.error(minNode.mark, "'early_terminate.min_iter' \(minIter) is not below training.epochs (\(epochs)): no run could be cut before its last epoch")
            }
        } else if let maxNode = node["max_iter"] {
            if node["s"] == nil {
                sink.error(maxNode.mark, "'max_iter' needs 's', the number of bands below it (or give 'min_iter' instead)")
            } else if spec.maxIter != nil, spec.s != nil, spec.bands(before: epochs).isEmpty {
                sink.error(maxNode.mark, "'early_terminate' max_iter \(spec.maxIter!), s \(spec.s!) and eta \(NodeReader.format(spec.eta)) give no band below training.epochs (\(epochs)): no run could be cut")
            }
        } else {
            sink.error(node.mark, "'early_terminate' needs 'min_iter', or 'max_iter' with 's', to place its bands")
        }
        // Bands rank runs mid-training: the metric must be one every epoch measures.
        if metric.name.hasPrefix("test_") {
            sink.error(typeNode.mark, "hyperband ranks runs by '\(metric.name)' at each band's epoch, but test metrics are measured only after the last epoch; use an epoch-wise metric (val_ or train_, such as \(metric.name.replacingOccurrences(of: "test_", with: "val_")))")
        }
        if let cohortNode = node["cohort"], !fixedPlan {
            sink.error(cohortNode.mark, "'early_terminate.cohort' applies to grid and to random with a 'count'; a search that proposes rounds decides each band within its round")
        }
        guard sink.count == before else { return nil }
        return spec
    }
}
