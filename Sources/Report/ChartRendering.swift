import Charts

/// The chart kinds the report draws, as functions: `.live` uses the Charts module; tests pass
/// fixed bytes so the golden Markdown does not depend on how charts look.
public struct ChartRendering: Sendable {
    public var loss: @Sendable (LossChart) throws -> [UInt8]
    public var metric: @Sendable (MetricVsParameterChart) throws -> [UInt8]
    public var heatmap: @Sendable (HeatmapChart) throws -> [UInt8]
    public var gradients: @Sendable (GradientFlowChart) throws -> [UInt8]
    public var depthProfile: @Sendable (GradientFlowChart) throws -> [UInt8]
    public var importance: @Sendable (ImportanceChart) throws -> [UInt8]
    public var parallel: @Sendable (ParallelCoordinatesChart) throws -> [UInt8]
    public var costQuality: @Sendable (CostQualityChart) throws -> [UInt8]
    public var searchProgress: @Sendable (SearchProgressChart) throws -> [UInt8] = { try ChartRenderer.png($0) }
    /// Heat maps of a `heatmap` chart cell with several experiments or a facet, on one colour scale.
    public var heatmapPanels: @Sendable (HeatmapPanels) throws -> [UInt8] = { try ChartRenderer.png($0) }
    /// Lines, bars, dots and intervals of the notebook's `chart` and `compare` cells.
    public var cellPlot: @Sendable (CellPlot) throws -> [UInt8]
    /// What the pictures depend on besides each chart's data (`ChartStyle.identity` for `.live`):
    /// with it a report keeps the charts an earlier report drew from the same data (`ChartCache`);
    /// nil (renderers of tests) draws every chart every time.
    public var cacheIdentity: String?

    public init(loss: @escaping @Sendable (LossChart) throws -> [UInt8],
                metric: @escaping @Sendable (MetricVsParameterChart) throws -> [UInt8],
                heatmap: @escaping @Sendable (HeatmapChart) throws -> [UInt8],
                gradients: @escaping @Sendable (GradientFlowChart) throws -> [UInt8],
                depthProfile: @escaping @Sendable (GradientFlowChart) throws -> [UInt8],
                importance: @escaping @Sendable (ImportanceChart) throws -> [UInt8] = { try ChartRenderer.png($0) },
                parallel: @escaping @Sendable (ParallelCoordinatesChart) throws -> [UInt8] = { try ChartRenderer.png($0) },
                costQuality: @escaping @Sendable (CostQualityChart) throws -> [UInt8] = { try ChartRenderer.png($0) },
                cellPlot: @escaping @Sendable (CellPlot) throws -> [UInt8] = { try ChartRenderer.png($0) }) {
        self.cellPlot = cellPlot
        self.parallel = parallel
        self.costQuality = costQuality
        self.loss = loss
        self.metric = metric
        self.heatmap = heatmap
        self.gradients = gradients
        self.depthProfile = depthProfile
        self.importance = importance
    }

    public static let live: ChartRendering = {
        var live = ChartRendering(
            loss: { try ChartRenderer.png($0) },
            metric: { try ChartRenderer.png($0) },
            heatmap: { try ChartRenderer.png($0) },
            gradients: { try ChartRenderer.png($0) },
            depthProfile: { try ChartRenderer.depthProfilePNG($0) },
            importance: { try ChartRenderer.png($0) })
        live.cacheIdentity = ChartStyle.identity
        return live
    }()
}

/// One chart of the report: where it goes, what it says, and its bytes or why it has none.
struct RenderedChart: Sendable {
    /// Relative to the report: `charts/<experiment>-loss.png`.
    var path: String
    var caption: String
    var png: [UInt8]?
    var failure: String?

    init(path: String, caption: String, render: () throws -> [UInt8]) {
        self.path = path
        self.caption = caption
        do { png = try render() } catch { failure = String(describing: error) }
    }
}
