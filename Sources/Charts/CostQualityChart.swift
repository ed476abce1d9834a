// What the cost-against-quality chart draws: every variant's metric against its size (trainable
// parameters) and against its training time, with the Pareto front of each marked.

public struct CostQualityChart: Sendable {
    public struct Variant: Sendable, Equatable {
        public var label: String
        public var parameters: Double
        /// Mean training seconds over the variant's runs.
        public var seconds: Double
        public var metric: Double
        /// No other variant is at least as good with at most as many parameters (and better in one).
        public var onParameterFront: Bool
        /// Likewise with training seconds.
        public var onTimeFront: Bool
        public init(label: String, parameters: Double, seconds: Double, metric: Double,
                    onParameterFront: Bool, onTimeFront: Bool) {
            self.label = label
            self.parameters = parameters
            self.seconds = seconds
            self.metric = metric
            self.onParameterFront = onParameterFront
            self.onTimeFront = onTimeFront
        }
    }

    public var title: String
    public var metricName: String
    public var higherIsBetter: Bool
    public var variants: [Variant]

    public init(title: String, metricName: String, higherIsBetter: Bool, variants: [Variant]) {
        self.title = title
        self.metricName = metricName
        self.higherIsBetter = higherIsBetter
        self.variants = variants
    }
}
