// What a notebook's `chart` and `compare` cells draw when they are not a heat map or parallel
// coordinates: series of means with intervals (lines or bars) or of single runs (scatter), in one
// panel or in small panels (facets) that share both axes. The Report module aggregates; this
// module decides the look.

public struct CellPlot: Sendable {
    public enum Style: String, Sendable, Equatable {
        /// Means joined in x order, a translucent band between `low` and `high`.
        case line
        /// One dot per point, no line (points are single runs).
        case scatter
        /// One bar per category and series from zero, `low`–`high` as an error bar.
        case bar
        /// A mean marker with `low`–`high` as an error bar, no line (sides of a comparison).
        case interval
    }

    public enum XAxis: Sendable, Equatable {
        /// Epochs 1...n with whole-number ticks.
        case epoch
        /// Numbers; `log` puts them on a log axis (ignored if any is not positive).
        case numeric(log: Bool)
        /// Named slots in this order (values not listed follow in order of appearance).
        case categorical([String])
    }

    public struct Point: Sendable, Equatable {
        public var x: AxisValue
        public var y: Double
        /// The interval drawn around `y` (band, error bar); nil for none.
        public var low: Double?
        public var high: Double?
        public init(x: AxisValue, y: Double, low: Double? = nil, high: Double? = nil) {
            self.x = x
            self.y = y
            self.low = low
            self.high = high
        }
    }

    public struct Series: Sendable, Equatable {
        /// Names the colour in the legend; series of the same label share a colour in every panel.
        public var label: String
        public var points: [Point]
        /// Single runs behind the means, drawn as faint dots (line and bar styles).
        public var runs: [Point]
        public init(label: String, points: [Point], runs: [Point] = []) {
            self.label = label
            self.points = points
            self.runs = runs
        }
    }

    public struct Panel: Sendable, Equatable {
        /// `width = 64` above a facet's panel; nil for a single panel.
        public var title: String?
        public var series: [Series]
        public init(title: String? = nil, series: [Series]) {
            self.title = title
            self.series = series
        }
    }

    public var title: String
    public var subtitle: String?
    public var style: Style
    public var xAxis: XAxis
    public var xName: String
    public var yName: String
    /// A log y axis (ignored if any value is not positive); nil: log when the positive values span
    /// more than 1.3 decades, as on the automatic metric charts.
    public var logY: Bool?
    /// The legend's heading for the series (`activation`, `experiment`).
    public var legendTitle: String?
    /// What `low`–`high` is, for the legend's key (`95% CI over seeds`); nil: no interval drawn.
    public var intervalName: String?
    public var panels: [Panel]

    /// At most this many panels are drawn (a grid of 3 x 4); the caption says when some are left out.
    public static let maxPanels = 12

    public init(title: String, subtitle: String? = nil, style: Style, xAxis: XAxis, xName: String, yName: String,
                logY: Bool? = nil, legendTitle: String? = nil, intervalName: String? = nil, panels: [Panel]) {
        self.title = title
        self.subtitle = subtitle
        self.style = style
        self.xAxis = xAxis
        self.xName = xName
        self.yName = yName
        self.logY = logY
        self.legendTitle = legendTitle
        self.intervalName = intervalName
        self.panels = panels
    }

    /// Series labels in first-appearance order over all panels: the colour of each.
    public var seriesLabels: [String] {
        var labels: [String] = []
        for panel in panels { for series in panel.series where !labels.contains(series.label) { labels.append(series.label) } }
        return labels
    }
}
