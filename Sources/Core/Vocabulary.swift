// The closed sets of gradbook, one enum each. Their raw values are the words users write in
// notebooks; the notebook reader, its "did you mean" suggestions, the engine and the docs all read
// these lists, so a word is added in exactly one place.

/// A closed set of notebook words.
public protocol NotebookWord: RawRepresentable, CaseIterable, Codable, Sendable, Hashable where RawValue == String {
    /// Other libraries' words for members of the set (`nag` -> `nesterov`), suggested when written.
    static var synonyms: [String: String] { get }
}

extension NotebookWord {
    public static var synonyms: [String: String] { [:] }

    /// Every word of the set, in declaration order (as messages and docs list them).
    public static var words: [String] { allCases.map(\.rawValue) }
}

public enum Activation: String, NotebookWord {
    case identity, relu, leaky_relu, elu, gelu, silu, tanh, sigmoid, softplus

    /// He initialisation suits the rectifier family; the rest default to Glorot.
    public var isReluLike: Bool {
        switch self {
        case .relu, .leaky_relu, .elu, .gelu, .silu: return true
        case .identity, .tanh, .sigmoid, .softplus: return false
        }
    }
}

/// The output layer and its loss, fused: softmax + cross-entropy, sigmoid + binary cross-entropy
/// (from logits), linear + mean squared error. `model.output: auto` is nil: chosen from the data.
public enum OutputHead: String, NotebookWord {
    case softmax, sigmoid, linear
}

/// `training.loss` (`auto` is nil: cross-entropy for softmax and sigmoid heads, mse for linear).
/// The probability heads' mse / huber / l1 compare probabilities with one-hot targets.
public enum LossFunction: String, NotebookWord {
    case cross_entropy, mse, huber, l1

    public static var synonyms: [String: String] {
        ["ce": "cross_entropy", "crossentropy": "cross_entropy", "bce": "cross_entropy", "nll": "cross_entropy",
         "mae": "l1", "smooth_l1": "huber", "squared_error": "mse", "l2": "mse"]
    }

    /// The pairings of the docs' table: cross-entropy needs probabilities (softmax, or sigmoid as
    /// binary cross-entropy); a linear head has none; a sigmoid head takes mse on probabilities
    /// (the teaching comparison) but no robust losses, whose point is outliers of real targets.
    public func pairs(with head: OutputHead) -> Bool {
        switch (self, head) {
        case (.cross_entropy, .linear), (.huber, .sigmoid), (.l1, .sigmoid): return false
        default: return true
        }
    }

    /// The loss `auto` stands for on `head`.
    public static func automatic(for head: OutputHead) -> LossFunction {
        head == .linear ? .mse : .cross_entropy
    }
}

public enum OptimizerKind: String, NotebookWord {
    case sgd, momentum, nesterov, adam, adamw, rmsprop, nadam, adagrad

    /// Keras and many sweep files call Nesterov momentum `nag`.
    public static var synonyms: [String: String] { ["nag": "nesterov"] }
}

/// `model.norm`: the normalisation after each hidden linear layer, before its activation
/// (PyTorch's BatchNorm1d or LayerNorm, eps 1e-5, affine).
public enum NormKind: String, NotebookWord {
    case none, batch, layer
}

public enum ScheduleKind: String, NotebookWord {
    case constant, step, exponential, cosine
}

/// `model.init: auto` is nil: He for relu-like activations, Glorot otherwise.
public enum InitScheme: String, NotebookWord {
    case he, glorot, lecun
}

/// `dataset.task: auto` is nil: from the target column (or the built-in set's catalogue entry).
public enum LearningTask: String, NotebookWord {
    case classification, regression

    /// Final metrics a run of this task reports (train_*/val_*/test_* prefixes are added per split).
    public var metricNames: [String] {
        switch self {
        // cross_entropy is reported whatever the training loss, so runs with other losses compare.
        case .classification: return ["loss", "accuracy", "balanced_accuracy", "cross_entropy"]
        case .regression: return ["loss", "mse", "mae", "r2"]
        }
    }
}

/// Feature scaling, fitted on the training split only.
public enum Normalization: String, NotebookWord {
    case standard, minmax, none
}

/// `training.save`: which runs keep their weights as `<variant id>.safetensors`.
public enum SaveMode: String, NotebookWord {
    case none, best, all
}

/// The direction of `metric.goal`.
public enum Goal: String, NotebookWord {
    case maximize, minimize

    /// True when `value` ranks above `other` under this goal.
    public func prefers(_ value: Double, over other: Double) -> Bool {
        self == .maximize ? value > other : value < other
    }
}

/// How an experiment proposes its variants.
public enum SearchMethodKind: String, NotebookWord {
    case grid, random
    /// Model-based search in rounds (a tree-structured Parzen estimator): each round is proposed
    /// from the records of the rounds before it.
    case bayes

    /// True when later proposals depend on earlier results (the plan is not known up front).
    public var isAdaptive: Bool { self == .bayes }
}

/// How a run ended.
public enum RunStatus: String, NotebookWord {
    case ok, early_stopped, diverged, timed_out, failed
    /// Cut at a hyperband band: its cohort kept better configurations (the record holds the band).
    case terminated

    /// Finished runs are kept on resume; failed and timed-out ones run again.
    public var isFinished: Bool { self == .ok || self == .early_stopped || self == .diverged || self == .terminated }
    /// Runs whose final metrics can rank them (a diverged run's numbers are not a result).
    public var isRankable: Bool { self == .ok || self == .early_stopped }
}

/// `dataset.missing`: what a CSV's missing cells do. `error` (the default) stops at the first one
/// with its line and column; `drop` removes rows with a missing feature or target; `impute` fills
/// features with training-split statistics. A row whose target is missing is never imputed.
public enum MissingPolicy: String, NotebookWord {
    case error, drop, impute

    /// What counts as missing unless `dataset.na_values` says otherwise (compared
    /// case-insensitively on the trimmed cell): the spellings of common exports and tutorials.
    public static let defaultSpellings = ["", "NA", "N/A", "NaN", "null", "None", "?", "-"]
}

/// `dataset.impute`: the training split's statistic that fills a missing numeric feature.
public enum NumericImputation: String, NotebookWord {
    case mean, median
}

/// `dataset.impute_text`: how a missing categorical feature is filled: the training split's most
/// frequent category, or a category of its own (`<column>=(missing)`).
public enum TextImputation: String, NotebookWord {
    case most_frequent, category
}
