// What the parallel-coordinates chart draws: one vertical axis per swept parameter and the metric as
// the last axis, one polyline per variant.

public struct ParallelCoordinatesChart: Sendable {
    public enum AxisKind: Sendable, Equatable {
        /// Numbers on a linear or (log-swept parameters) log axis.
        case numeric(log: Bool)
        /// Named values as evenly spaced labels, in this order.
        case categorical([String])
    }

    public struct Axis: Sendable, Equatable {
        public var name: String
        public var kind: AxisKind
        public init(name: String, kind: AxisKind) {
            self.name = name
            self.kind = kind
        }
    }

    public struct Line: Sendable, Equatable {
        /// One value per parameter axis (a number, or a category of a categorical axis); nil where
        /// the variant has no value for the parameter.
        public var values: [AxisValue?]
        public var metric: Double
        public init(values: [AxisValue?], metric: Double) {
            self.values = values
            self.metric = metric
        }
    }

    public var title: String
    public var axes: [Axis]
    public var metricName: String
    public var higherIsBetter: Bool
    /// Any order; the chart draws the worst first so the best lie on top.
    public var lines: [Line]

    public init(title: String, axes: [Axis], metricName: String, higherIsBetter: Bool, lines: [Line]) {
        self.title = title
        self.axes = axes
        self.metricName = metricName
        self.higherIsBetter = higherIsBetter
        self.lines = lines
    }
}
