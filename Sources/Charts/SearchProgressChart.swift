// What the search-progress chart draws: the best metric found so far against the training epochs
// spent, run by run in the order the search proposed them, beside what a random order of the same
// runs would give on average (so a model-based search shows whether its order paid off).

public struct SearchProgressChart: Sendable {
    public struct Run: Sendable, Equatable {
        /// Training epochs of this run and every run proposed before it.
        public var cumulativeEpochs: Double
        /// The run's own metric (nil: it has none that ranks it).
        public var metric: Double?
        /// The best metric of this run and those before it (nil until one has a metric).
        public var bestSoFar: Double?
        public init(cumulativeEpochs: Double, metric: Double?, bestSoFar: Double?) {
            self.cumulativeEpochs = cumulativeEpochs
            self.metric = metric
            self.bestSoFar = bestSoFar
        }
    }

    /// One point of the comparison curve: the expected best after `epochs`.
    public struct Expectation: Sendable, Equatable {
        public var epochs: Double
        public var best: Double
        public init(epochs: Double, best: Double) {
            self.epochs = epochs
            self.best = best
        }
    }

    public var title: String
    public var metricName: String
    public var higherIsBetter: Bool
    public var runs: [Run]
    public var expectation: [Expectation]
    /// What the comparison curve is, for the legend.
    public var expectationLabel: String
    /// An epoch budget, drawn as a vertical line (nil: none).
    public var epochBudget: Double?

    public init(title: String, metricName: String, higherIsBetter: Bool, runs: [Run], expectation: [Expectation],
                expectationLabel: String, epochBudget: Double? = nil) {
        self.title = title
        self.metricName = metricName
        self.higherIsBetter = higherIsBetter
        self.runs = runs
        self.expectation = expectation
        self.expectationLabel = expectationLabel
        self.epochBudget = epochBudget
    }
}
