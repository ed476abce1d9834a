/// One swept value of a variant: the dotted parameter name and the value it takes.
import Core
public struct SweptValue: Sendable, Hashable, Codable {
    public var name: String
    public var value: ConfigValue
    public init(name: String, value: ConfigValue) {
        self.name = name
        self.value = value
    }
}

/// How one parameter of an experiment is swept, for reports and charts.
public struct ParameterSweep: Sendable, Hashable {
    /// Dotted path, e.g. `training.learning_rate`.
    public var name: String
    /// Human description: `values [0.001, 0.01]`, `log_uniform_values 1e-4..1e-1`, ...
    public var summary: String
    /// True for log-distributed parameters (charts use a log x axis).
    public var isLogScale: Bool
    /// True when the values are not numbers (activations, layer lists, ...).
    public var isCategorical: Bool

    public init(name: String, summary: String, isLogScale: Bool, isCategorical: Bool) {
        self.name = name
        self.summary = summary
        self.isLogScale = isLogScale
        self.isCategorical = isCategorical
    }
}

public struct Experiment: Sendable {
    public var name: String
    public var method: SearchMethodKind
    public var parameters: [ParameterSweep]
    public var seeds: [Int]
    public var metric: RunConfig.Metric
    /// The planned variants: for grid and random every variant, in plan order (points, then seeds);
    /// for bayes the first round (Search's `replayingRounds` adds the rounds the records decide).
    public var variants: [Variant]
    /// Where `method` is written (the experiment itself when the method is implicit).
    public var methodMark = SourceMark(line: 1, column: 1)
    /// Where the experiment is declared in the notebook file (1-based).
    public var line: Int
    /// Optional prose the experiment carries (`description:` in the cell, as in W&B sweeps).
    public var description: String?
    /// The search as declared: method, the space's parameters and domains, `count`, `sweep_seed`.
    /// A search method (the Search module) proposes points of this space.
    public var sweep: SweepRequest
    /// Turns a point of the space into variants (one per seed); nil for experiments built by hand.
    public var factory: VariantFactory?
    /// The experiment's epoch budget (its own `budget`, else the notebook's epochs); nil: none.
    public var budget: SearchBudget?
    /// `early_terminate: {type: hyperband, ...}`, nil without early termination.
    public var hyperband: Hyperband?

    /// True when the plan is proposed round by round as records arrive, so `variants` holds only
    /// the rounds known so far: bayes, and any random or bayes search without a `count` (it runs
    /// until stopped).
    public var growsWithRecords: Bool { method.isAdaptive || (method == .random && sweep.count == nil && factory != nil) }

    /// True when the runs depend on each other's results (rounds, hyperband bands, an epoch
    /// budget): split over shards or array tasks, no task owns a run; whichever claims it first
    /// trains it, through the shared output folder.
    public var isSharedAcrossTasks: Bool { growsWithRecords || hyperband != nil || budget?.epochs != nil }

    /// `variants` is the plan: for grid and random the whole of it, fixed when the notebook loads.
    public init(name: String, method: SearchMethodKind, parameters: [ParameterSweep], seeds: [Int], metric: RunConfig.Metric,
                variants: [Variant], line: Int, description: String? = nil, sweep: SweepRequest? = nil, factory: VariantFactory? = nil) {
        self.name = name
        self.method = method
        self.parameters = parameters
        self.seeds = seeds
        self.metric = metric
        self.variants = variants
        self.line = line
        self.description = description
        self.sweep = sweep ?? SweepRequest(method: method, parameters: [])
        self.factory = factory
    }
}

public enum Cell: Sendable {
    /// Prose; `{{ experiment.best.metric }}` references in it are validated at load and filled in
    /// by the report.
    case markdown(String)
    case experiment(Experiment)
    /// Author-chosen outputs (Notebook/Cells/CellSpecs.swift).
    case chart(ChartCell)
    case table(TableCell)
    case compare(CompareCell)
}

public struct NotebookDocument: Sendable {
    /// Path of the YAML file as given.
    public var path: String
    /// File name without extension: the output folder name and the single-experiment name.
    public var stem: String
    public var title: String
    public var description: String?
    public var cells: [Cell]
    /// SHA-256 of the file's bytes (hex), recorded in report metadata.
    public var contentHash: String
    /// Warnings and notes of loading, in source order (`file:line:col: warning: ...`): the
    /// notebook is valid, and commands print them without changing their exit status.
    public var warnings: [NotebookDiagnostic] = []
    /// `tensorboard: true` at the top level: the report also writes TensorBoard event files.
    public var tensorboard = false
    /// The top-level `budget` (a time budget for the invocation; its epochs are each experiment's).
    public var budget: SearchBudget?

    public init(path: String, stem: String, title: String, description: String?, cells: [Cell], contentHash: String) {
        self.path = path
        self.stem = stem
        self.title = title
        self.description = description
        self.cells = cells
        self.contentHash = contentHash
    }

    public var experiments: [Experiment] {
        cells.compactMap { if case .experiment(let experiment) = $0 { return experiment } else { return nil } }
    }
    public var variants: [Variant] { experiments.flatMap(\.variants) }
    /// The names of the experiments whose runs the tasks of a split sweep share (`Experiment.isSharedAcrossTasks`).
    public var experimentsSharedAcrossTasks: Set<String> { Set(experiments.filter(\.isSharedAcrossTasks).map(\.name)) }
}

/// What the notebook needs to know of the data sets gradbook ships, injected by the caller so the
/// Datasets module stays the one source of its catalogue (Notebook may not import it). The closed
/// word lists (activations, optimizers, ...) are `Core` enums and need no injection.
public struct DatasetCatalog: Sendable {
    /// Built-in and shipped data set names -> their task.
    public var tasks: [String: LearningTask]
    /// Sample, input feature and output counts of each built-in data set (for cost estimates).
    public var shapes: [String: (samples: Int, features: Int, outputs: Int)]
    /// The header of a CSV file (absolute path), nil when it cannot be read: lets `target`,
    /// `features` and `categorical` name a missing column at their own line and column before
    /// anything runs. The default knows no headers (the check is then left to loading).
    public var csvColumns: @Sendable (String) -> [String]?

    public init(tasks: [String: LearningTask], shapes: [String: (samples: Int, features: Int, outputs: Int)] = [:],
                csvColumns: @escaping @Sendable (String) -> [String]? = { _ in nil }) {
        self.tasks = tasks
        self.shapes = shapes
        self.csvColumns = csvColumns
    }
}
