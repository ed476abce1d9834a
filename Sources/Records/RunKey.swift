/// A run's identity across the plan and the record store: its experiment and variant id.
public struct RunKey: Hashable, Sendable {
    public var experiment: String
    public var variant: String

    public init(experiment: String, variant: String) {
        self.experiment = experiment
        self.variant = variant
    }

    public init(_ record: RunRecord) { self.init(experiment: record.experiment, variant: record.variant) }
}
