import Core

// The author-chosen cells of a notebook (`- chart:`, `- table:`, `- compare:` and inline values in
// markdown), as the loader hands them to the report: every name here is already validated against
// the notebook's experiments, their swept parameters and their data set's metrics, so the report
// renders them without second-guessing (a cell whose runs have not finished yet renders "-").

/// Which runs of an experiment a cell shows: every condition must hold (values of one parameter
/// are alternatives). Parameters are dotted paths as in `Variant.parameters`
/// (`training.learning_rate`), whatever short name the author wrote.
public struct CellFilter: Sendable, Hashable {
    public struct Condition: Sendable, Hashable {
        public var parameter: String
        public var values: [ConfigValue]
        public init(parameter: String, values: [ConfigValue]) {
            self.parameter = parameter
            self.values = values
        }
    }
    public var conditions: [Condition]
    public init(conditions: [Condition] = []) { self.conditions = conditions }
    public var isEmpty: Bool { conditions.isEmpty }
}

/// `log_x` / `log_y`: `auto` follows the parameter's declared distribution (log-uniform values get
/// a log axis) or, for metrics, the spread of the values.
public enum CellAxisScale: String, Sendable, Hashable, CaseIterable {
    case linear, log, auto
}

/// The x axis of a chart cell: a swept parameter or the training epoch (learning curves).
public enum CellAxis: Sendable, Hashable {
    case epoch
    case parameter(String)
}

public struct ChartCell: Sendable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case line, scatter, heatmap, bar, parallel
    }
    /// One or more experiments of this notebook drawn on shared axes.
    public var experiments: [String]
    public var kind: Kind
    public var x: CellAxis
    /// A metric name (`val_accuracy`); with `x: epoch` its per-epoch curve, otherwise the run's
    /// final value (grouped over seeds as the ranked tables are).
    public var y: String
    /// Parameter (dotted) whose values colour the marks; for `heatmap`, the second axis.
    public var color: String?
    /// Parameter (dotted) with one small panel per value.
    public var facet: String?
    public var logX: CellAxisScale
    public var logY: CellAxisScale
    public var filter: CellFilter
    public var title: String?
    public var caption: String?
    /// Where the cell is written (errors found while rendering point here).
    public var mark: SourceMark

    public init(experiments: [String], kind: Kind, x: CellAxis, y: String, color: String? = nil, facet: String? = nil,
                logX: CellAxisScale = .auto, logY: CellAxisScale = .auto, filter: CellFilter = CellFilter(),
                title: String? = nil, caption: String? = nil, mark: SourceMark) {
        self.experiments = experiments
        self.kind = kind
        self.x = x
        self.y = y
        self.color = color
        self.facet = facet
        self.logX = logX
        self.logY = logY
        self.filter = filter
        self.title = title
        self.caption = caption
        self.mark = mark
    }
}

public struct TableCell: Sendable {
    public enum Column: Sendable, Hashable {
        /// A swept parameter (dotted path).
        case parameter(String)
        /// A metric's value at the run's last epoch (`val_accuracy`).
        case final(String)
        /// A metric's best value over the run's epochs, goal-aware (`best.val_accuracy`).
        case best(String)
        case epochs, seconds, status
    }
    public struct Sort: Sendable, Hashable {
        public var column: Column
        public var descending: Bool
        public init(column: Column, descending: Bool) {
            self.column = column
            self.descending = descending
        }
    }
    public var experiment: String
    /// In the author's order; parameters then the experiment's metric when not written.
    public var columns: [Column]
    public var filter: CellFilter
    /// nil: the experiment's metric, best first.
    public var sort: Sort?
    public var top: Int?
    public var title: String?
    public var caption: String?
    public var mark: SourceMark

    public init(experiment: String, columns: [Column], filter: CellFilter = CellFilter(), sort: Sort? = nil, top: Int? = nil,
                title: String? = nil, caption: String? = nil, mark: SourceMark) {
        self.experiment = experiment
        self.columns = columns
        self.filter = filter
        self.sort = sort
        self.top = top
        self.title = title
        self.caption = caption
        self.mark = mark
    }
}

public struct CompareCell: Sendable {
    /// One side of a comparison: an experiment of this notebook, or one stored in another
    /// notebook's `results.json` (a baseline), named by path relative to the notebook file.
    public enum Side: Sendable, Hashable {
        case experiment(String)
        case baseline(resultsPath: String, experiment: String?)
    }
    public var sides: [Side]
    /// The metric compared; nil: the first side's experiment metric.
    public var metric: String?
    public var title: String?
    public var caption: String?
    public var mark: SourceMark

    public init(sides: [Side], metric: String? = nil, title: String? = nil, caption: String? = nil, mark: SourceMark) {
        self.sides = sides
        self.metric = metric
        self.title = title
        self.caption = caption
        self.mark = mark
    }
}
