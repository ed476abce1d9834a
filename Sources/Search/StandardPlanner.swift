import Core
import Notebook

/// The search methods a notebook can name, behind the one `SearchMethod` protocol, and the
/// planner the notebook loader asks for the fixed plans of grid and random experiments.
public struct StandardPlanner: SweepPlanner {
    public init() {}

    /// The search method an experiment declares, validated against its space.
    public static func method(for request: SweepRequest) throws(SweepProblems) -> any SearchMethod {
        let space = SearchSpace(request.parameters)
        switch request.method {
        case .grid: return try GridSearch(space: space)
        case .random:
            return try RandomSearch(space: space, count: request.count, seed: request.seed, roundSize: request.roundSize)
        case .bayes:
            return try BayesSearch(space: space, count: request.count, roundSize: request.roundSize, seed: request.seed,
                                   goal: request.metric.goal, target: request.metric.target, runsPerPoint: request.runsPerPoint,
                                   randomEvery: request.cutAtBands ? BayesSearch.randomEveryUnderHyperband : nil)
        }
    }

    /// A random `count` beyond the space's distinct configurations runs each of them once.
    public func warnings(_ request: SweepRequest) -> [SweepProblem] {
        guard request.method == .random, let count = request.count,
              let size = RandomDraws(space: SearchSpace(request.parameters), seed: request.seed).size, count > size else { return [] }
        return [SweepProblem(.count, "'count' is \(count) but the parameters allow only \(size) distinct configuration\(size == 1 ? "" : "s"); each runs once")]
    }

    /// The plan known before anything runs: a grid or random search answers all of it at its
    /// first ask, bayes its first round (validated now like any plan; later rounds at run time).
    public func plan(_ request: SweepRequest) throws(SweepProblems) -> [[ConfigValue]] {
        var method = try Self.method(for: request)
        guard case .points(let points) = method.ask() else { return [] }
        return points.map(\.values)
    }
}

extension NotebookLoader {
    /// Parses and validates a notebook and plans every experiment with the standard search
    /// methods. Throws `NotebookErrors` with every problem found, at `file:line:col`.
    public static func load(path: String, catalog: DatasetCatalog) throws -> NotebookDocument {
        try load(path: path, catalog: catalog, planner: StandardPlanner())
    }

    /// The same from bytes already in memory; `path` names the file in diagnostics and anchors
    /// relative data paths.
    public static func load(bytes: [UInt8], path: String, catalog: DatasetCatalog) throws -> NotebookDocument {
        try load(bytes: bytes, path: path, catalog: catalog, planner: StandardPlanner())
    }
}
