// Every chart is designed in 800x500 logical units and drawn at 2x (1600x1000 pixels) on an opaque
// RGBA canvas with exact-area anti-aliasing, text from DejaVu Sans through FreeType, the Okabe-Ito
// palette (viridis for heat maps), and encoded by libpng (unfiltered rows, deflate level 6: see
// PNGEncoder). Output is deterministic: identical chart data gives identical PNG bytes. Fonts are
// looked up in the usual folders (or GRADBOOK_FONT_DIR); a missing font or a libpng failure is a
// ChartError with the reason.
import Foundation

public struct ChartError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

public enum ChartRenderer {
    /// Default output: 1600x1000 pixels, drawn at 2x scale.
    public static let defaultWidth = 1600
    public static let defaultHeight = 1000
    static let defaultScale = 2.0

    public static func png(_ chart: LossChart) throws -> [UInt8] {
        try render { drawLossChart(chart, into: $0) }
    }
    public static func png(_ chart: MetricVsParameterChart) throws -> [UInt8] {
        try render { drawMetricChart(chart, into: $0) }
    }
    public static func png(_ chart: HeatmapChart) throws -> [UInt8] {
        try render { drawHeatmap(chart, into: $0) }
    }
    /// Gradient RMS per layer over epochs (log y); one panel per variant or one shared panel.
    public static func png(_ chart: GradientFlowChart) throws -> [UInt8] {
        try render { drawGradientFlow(chart, into: $0) }
    }
    /// First-epoch gradient RMS by layer depth across variants (vanishing gradients show as a slope).
    public static func depthProfilePNG(_ chart: GradientFlowChart) throws -> [UInt8] {
        try render { drawDepthProfile(chart, into: $0) }
    }

    /// Draws onto a fresh default-size canvas (800x500 logical units at 2x) and encodes it.
    static func render(width: Int = defaultWidth, height: Int = defaultHeight, scale: Double = defaultScale,
                       _ draw: (ChartContext) -> Void) throws -> [UInt8] {
        try PNGEncoder.encode(canvas(width: width, height: height, scale: scale, draw))
    }

    /// The drawn canvas, for tests and benchmarks.
    static func canvas(width: Int = defaultWidth, height: Int = defaultHeight, scale: Double = defaultScale,
                       _ draw: (ChartContext) -> Void) throws -> Canvas {
        try context(width: width, height: height, scale: scale, draw).canvas
    }

    /// The drawn context (canvas plus the boxes of all text placed), for layout tests.
    static func context(width: Int = defaultWidth, height: Int = defaultHeight, scale: Double = defaultScale,
                        _ draw: (ChartContext) -> Void) throws -> ChartContext {
        let ctx = try ChartContext(width: width, height: height, scale: scale)
        draw(ctx)
        return ctx
    }
}
