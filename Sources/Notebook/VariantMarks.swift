/// Where the keys that decide a variant's data and size are written in the notebook: the
/// positions later checks (the preflight of the App module, which opens the data and estimates
/// memory) report their problems at, as if the notebook loader had found them. A swept key points
/// at its parameter entry; a key inherited from `defaults` at the defaults.
public struct VariantMarks: Sendable, Hashable {
    /// The notebook file, as the diagnostics print it.
    public var file: String
    /// The experiment cell: where a problem without a better key is reported.
    public var experiment: SourceMark
    /// The key of the data source (`dataset.csv`, `dataset.idx` or `dataset.name`).
    public var dataset: SourceMark?
    /// `dataset.n`, the sample count of a generated set.
    public var samples: SourceMark?
    /// `dataset.validation`, whose split can leave a class out.
    public var validation: SourceMark?
    /// `model.hidden`, which decides most of a variant's memory.
    public var hidden: SourceMark?
    /// `dataset.folds`, which needs enough rows of every class.
    public var folds: SourceMark?
    /// `training.class_weight`, and each label of its mapping, checked against the data's classes.
    public var classWeight: SourceMark?
    public var classWeightLabels: [String: SourceMark] = [:]
    /// `model.residual`, which wraps no block when no layer keeps its input's width.
    public var residual: SourceMark?

    public init(file: String, experiment: SourceMark, dataset: SourceMark? = nil, samples: SourceMark? = nil,
                validation: SourceMark? = nil, hidden: SourceMark? = nil, residual: SourceMark? = nil) {
        self.residual = residual
        self.file = file
        self.experiment = experiment
        self.dataset = dataset
        self.samples = samples
        self.validation = validation
        self.hidden = hidden
    }

    /// The marks of a merged configuration tree (the tree a variant's `RunConfig` was built from).
    init(tree: YAMLNode, file: String, experiment: SourceMark) {
        func key(_ path: String...) -> SourceMark? { ConfigTree.keyMark(in: tree, path: path) }
        self.init(file: file, experiment: experiment,
                  dataset: key("dataset", "csv") ?? key("dataset", "idx") ?? key("dataset", "name") ?? key("dataset"),
                  samples: key("dataset", "n"), validation: key("dataset", "validation"), hidden: key("model", "hidden"),
                  residual: key("model", "residual"))
        folds = key("dataset", "folds")
        classWeight = key("training", "class_weight")
        classWeightLabels = ClassWeightReader.labelMarks(tree["training"]?["class_weight"])
    }

    /// `file:line:column: error: message` at `mark`, or at the experiment when the key is not written.
    public func error(at mark: SourceMark?, _ message: String) -> String {
        let at = mark ?? experiment
        return "\(file):\(at.line):\(at.column): error: \(message)"
    }

    public func warning(at mark: SourceMark?, _ message: String) -> String {
        let at = mark ?? experiment
        return "\(file):\(at.line):\(at.column): warning: \(message)"
    }
}
