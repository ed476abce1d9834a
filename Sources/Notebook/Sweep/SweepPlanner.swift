import Core

/// What the loader asks of a search method to fix the plan of a grid or random experiment while
/// the notebook loads, so that every variant is built and validated before anything runs. The
/// Notebook module parses the space; the Search module (which Notebook may not import) decides
/// the points, and `NotebookLoader.load(path:catalog:)` there passes its standard planner in.
public protocol SweepPlanner {
    /// The points of the plan in plan order, one value per parameter in `request.parameters`
    /// order (for an adaptive method, its first round, which needs no results); throws every problem found (a continuous distribution in a grid, a grid too big, a
    /// `count` the space cannot give).
    func plan(_ request: SweepRequest) throws(SweepProblems) -> [[ConfigValue]]

    /// What the notebook should warn about a valid search (a `count` larger than the space, ...).
    func warnings(_ request: SweepRequest) -> [SweepProblem]
}

extension SweepPlanner {
    public func warnings(_ request: SweepRequest) -> [SweepProblem] { [] }
}

/// An experiment's search as the notebook declares it.
public struct SweepRequest: Sendable, Hashable {
    /// Refuse sweeps that would never finish rather than silently planning millions of runs.
    public static let maximumPoints = 100_000

    public var method: SearchMethodKind
    public var parameters: [SweptParameter]
    /// How many configurations random or bayes search proposes (nil for a grid; for random and
    /// bayes, no limit: the search runs until stopped or the space has no new configuration).
    public var count: Int?
    /// `sweep_seed`: the seed of random draws.
    public var seed: UInt64
    /// `round_size`: how many points an adaptive method proposes per round (bayes; default 8).
    /// A notebook setting, never derived from `--jobs`, so rounds are the same on any machine.
    public var roundSize: Int
    public static let defaultRoundSize = 8
    /// What ranks the results (and `metric.target`), for a method that learns from them.
    public var metric: RunConfig.Metric
    /// Runs per point (the experiment's seeds).
    public var runsPerPoint: Int
    /// True when hyperband cuts the experiment's runs at bands (`early_terminate`): a model-based
    /// method then sees most points only at a band (see `BayesSearch.randomEvery`).
    public var cutAtBands = false

    public init(method: SearchMethodKind, parameters: [SweptParameter], count: Int? = nil, seed: UInt64 = 0,
                roundSize: Int = SweepRequest.defaultRoundSize, metric: RunConfig.Metric = RunConfig.Metric(),
                runsPerPoint: Int = 1) {
        self.metric = metric
        self.runsPerPoint = runsPerPoint
        self.method = method
        self.parameters = parameters
        self.count = count
        self.seed = seed
        self.roundSize = roundSize
    }
}

/// A problem with a search over a space, anchored to what the user wrote so the notebook can
/// report it at `file:line:col` (and a Swift caller can name the parameter).
public struct SweepProblem: Sendable, Hashable {
    public enum Anchor: Sendable, Hashable {
        /// The name of parameter i (in declaration order).
        case parameterName(Int)
        /// The specification of parameter i (`{min: ..., max: ...}`).
        case parameterSpecification(Int)
        /// The `method` key (or the experiment when the method is implicit).
        case method
        /// The `count` (or `run_cap`) key.
        case count
        /// The `round_size` key (or the method when it is implicit).
        case roundSize
    }

    public var anchor: Anchor
    public var message: String

    public init(_ anchor: Anchor, _ message: String) {
        self.anchor = anchor
        self.message = message
    }
}

/// Every problem of one search, all at once.
public struct SweepProblems: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [SweepProblem]
    public init(_ problems: [SweepProblem]) { self.problems = problems }
    public var description: String { problems.map(\.message).joined(separator: "\n") }
}
