// Heat maps of one metric in small panels: one per experiment of a chart cell and per value of its
// facet. All panels share one colour scale (and colour bar), so a colour means the same number in
// every panel; each panel outlines its own best cell, and keeps its own labels (two experiments
// may sweep different values).

public struct HeatmapPanels: Sendable {
    public var title: String
    /// One heat map per panel; each chart's `title` is the panel's heading.
    public var panels: [HeatmapChart]
    public var metricName: String
    public var higherIsBetter: Bool

    /// At most this many panels are drawn (a grid of 3 x 4), as for `CellPlot`.
    public static let maxPanels = CellPlot.maxPanels

    public init(title: String, panels: [HeatmapChart], metricName: String, higherIsBetter: Bool) {
        self.title = title
        self.panels = panels
        self.metricName = metricName
        self.higherIsBetter = higherIsBetter
    }
}
