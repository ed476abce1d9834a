import Core

/// One concrete run of an experiment: a point of the sweep with one seed.
///
/// A variant is copied into the document, the plan, its shard, the schedule and the runner's
/// queues; its fields (~0.5 kB) live in one shared box so each copy costs a pointer, and a
/// 100,000-variant sweep holds each variant once. Setting a field gives this copy a box of its
/// own first (value semantics stay).
public struct Variant: Sendable, Hashable {
    private var storage: Storage

    public init(id: String, experiment: String, label: String, seed: Int, parameters: [SweptValue],
                config: RunConfig, resolved: ConfigValue, cost: Double, legacyID: String? = nil,
                marks: VariantMarks? = nil) {
        storage = Storage(Fields(id: id, legacyID: legacyID, experiment: experiment, label: label, seed: seed, parameters: parameters,
                                 config: SharedValue(wrappedValue: config), resolvedTree: .given(resolved), cost: cost,
                                 marks: marks.map(SharedValue.init(wrappedValue:))))
    }

    /// Short hash of the configuration's trained keys (seed included, see `RunConfig.identity`):
    /// stable across runs, so resume and caching can trust it.
    public var id: String {
        get { storage.fields.id }
        set { unique().fields.id = newValue }
    }
    /// The id the first release gave this variant, when it differs (it hashed operational keys
    /// too): records stored under it still count as this variant's.
    public var legacyID: String? {
        get { storage.fields.legacyID }
        set { unique().fields.legacyID = newValue }
    }
    public var experiment: String {
        get { storage.fields.experiment }
        set { unique().fields.experiment = newValue }
    }
    /// Human label such as `lr=0.01 hidden=64x32 act=relu seed=2`.
    public var label: String {
        get { storage.fields.label }
        set { unique().fields.label = newValue }
    }
    /// The training seed of this repeat.
    public var seed: Int {
        get { storage.fields.seed }
        set { unique().fields.seed = newValue }
    }
    /// With `dataset.folds`: the fold (1-based) this run validates on; nil without folds.
    public var fold: Int? { config.dataset.fold }
    /// The swept values, in the order the parameters are declared.
    public var parameters: [SweptValue] {
        get { storage.fields.parameters }
        set { unique().fields.parameters = newValue }
    }
    public var config: RunConfig {
        get { storage.fields.config.wrappedValue }
        set { unique().fields.config.wrappedValue = newValue }
    }
    /// The configuration's box, to share it with a holder of the same configuration (`job.$config = variant.sharedConfig`).
    public var sharedConfig: SharedValue<RunConfig> {
        get { storage.fields.config }
        set { unique().fields.config = newValue }
    }
    /// The resolved configuration as a nested tree (what run records store as `config`).
    public var resolved: ConfigValue {
        get {
            switch storage.fields.resolvedTree {
            case .given(let tree): tree
            case .relativeTo(let folder): config.resolved(relativeTo: folder)
            }
        }
        set { unique().fields.resolvedTree = .given(newValue) }
    }
    /// How `resolved` is had: the loader's variants derive it from `config` when asked (a record
    /// is written), so a sweep of 100,000 variants does not hold 100,000 trees of ~80 keys;
    /// variants built by hand keep the tree they were given.
    var resolvedTree: ResolvedTree {
        get { storage.fields.resolvedTree }
        set { unique().fields.resolvedTree = newValue }
    }
    /// Relative training cost (parameters x samples x epochs) used to schedule big runs first.
    public var cost: Double {
        get { storage.fields.cost }
        set { unique().fields.cost = newValue }
    }
    /// Where the keys behind its data and size are written (nil for variants built by hand).
    public var marks: VariantMarks? {
        get { storage.fields.marks?.wrappedValue }
        set { unique().fields.marks = newValue.map(SharedValue.init(wrappedValue:)) }
    }
    /// The marks' box: the variants of one experiment mostly have equal marks, held once.
    var sharedMarks: SharedValue<VariantMarks>? {
        get { storage.fields.marks }
        set { unique().fields.marks = newValue }
    }
    /// Trainable weights and biases of its dense layers (the size axis of the cost-against-quality
    /// chart); nil for variants built by hand.
    public var parameterCount: Int? {
        get { storage.fields.parameterCount }
        set { unique().fields.parameterCount = newValue }
    }
    /// What its run's time is made of (FLOPs, steps, epochs), for the time model; nil for
    /// variants built by hand (`costTerms` then falls back on `cost`).
    public var costFeatures: CostFeatures? {
        get { storage.fields.costFeatures }
        set { unique().fields.costFeatures = newValue }
    }
    public var costTerms: CostFeatures { costFeatures ?? CostFeatures(work: cost) }

    public static func == (lhs: Variant, rhs: Variant) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    public func hash(into hasher: inout Hasher) { storage.fields.hash(into: &hasher) }

    /// The box, made this copy's own before a field changes.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        return storage
    }

    /// What a variant is; equality and hashing are these fields'.
    fileprivate struct Fields: Sendable, Hashable {
        var id: String
        var legacyID: String?
        var experiment: String
        var label: String
        var seed: Int
        var parameters: [SweptValue]
        var config: SharedValue<RunConfig>
        var resolvedTree: ResolvedTree
        var cost: Double
        var marks: SharedValue<VariantMarks>?
        var parameterCount: Int?
        var costFeatures: CostFeatures?
    }

    /// Mutated only through `unique()`, that is while no other copy can see it.
    private final class Storage: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }
}

/// Where a variant's resolved configuration tree comes from.
enum ResolvedTree: Sendable, Hashable {
    case given(ConfigValue)
    /// `RunConfig.resolved(relativeTo:)` of the variant's own configuration and this folder.
    case relativeTo(String)
}
