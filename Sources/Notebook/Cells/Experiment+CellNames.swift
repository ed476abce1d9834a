import Core

/// How a cell names an experiment's parameters and metrics: the dotted path, the last component
/// (`learning_rate`) or the short name labels show (`lr`), resolved to the dotted path when it
/// picks out one swept parameter. The loader validates cells with it and the report reads inline
/// values with it, so both agree on what a name means.
extension Experiment {
    public enum ParameterLookup: Sendable, Equatable {
        case found(String)
        /// Several swept parameters answer to the name: the dotted paths to choose from.
        case ambiguous([String])
        /// A real configuration key the experiment does not sweep (every run has the same value).
        case notSwept(String)
        case unknown
    }

    /// The names a user may write for each swept parameter, dotted path first.
    public var parameterSpellings: [(path: String, spellings: [String])] {
        parameters.map { sweep in
            let path = sweep.name
            let last = String(path.split(separator: ".").last ?? Substring(path))
            var spellings = [path, last, VariantLabel.shortName(path)]
            spellings += ConfigSchema.aliases.filter { $0.value == path }.map(\.key).sorted()
            var seen = Set<String>()
            return (path, spellings.filter { seen.insert($0).inserted })
        }
    }

    public func lookUpParameter(_ name: String) -> ParameterLookup {
        let matches = parameterSpellings.filter { $0.spellings.contains(name) }.map(\.path)
        if matches.contains(name) { return .found(name) }
        if matches.count == 1 { return .found(matches[0]) }
        if matches.count > 1 { return .ambiguous(matches) }
        if ConfigSchema.allPaths.contains(name) { return .notSwept(name) }
        if !name.contains("."), let path = ConfigSchema.aliases[name] ?? ConfigSchema.paths(endingWith: name).first { return .notSwept(path) }
        return .unknown
    }

    /// Every spelling of a swept parameter, for "did you mean".
    public var parameterNameCandidates: [String] { parameterSpellings.flatMap(\.spellings) }

    /// The final metrics a run of this experiment reports, as `metricNames(task:)` lists them for
    /// its data set's task (every task's names when it is only known after loading the data).
    public func metricNames(catalog: DatasetCatalog) -> [String] {
        let tasks = Set(variants.compactMap { ConfigBuilder.knownTask($0.config.dataset, catalog: catalog) })
        let task = tasks.count == 1 ? tasks.first : nil
        var names = ConfigBuilder.metricNames(task: task)
        if !names.contains(metric.name) { names.insert(metric.name, at: 0) }
        return names
    }

    /// Per-class recall (`val_recall[Adelie]`): its classes are only known once the data is read.
    public static func isPerClassMetric(_ name: String) -> Bool {
        ["train_recall[", "val_recall[", "test_recall["].contains { name.hasPrefix($0) } && name.hasSuffix("]") && !name.hasSuffix("[]")
    }
}

extension Experiment {
    /// Whether higher is better for a metric of this experiment: the ranking metric's declared
    /// goal, or what the loader infers for any other (accuracies and r2 up, losses down).
    public func maximizes(_ metricName: String) -> Bool {
        metricName == metric.name ? metric.maximize : ConfigBuilder.inferredGoal(metricName) == .maximize
    }
}
