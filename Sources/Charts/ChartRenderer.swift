// PUBLIC API CONTRACT (the Charts module fills this in).
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

    public static func png(_ chart: LossChart) throws -> [UInt8] { throw ChartError("not implemented yet") }
    public static func png(_ chart: MetricVsParameterChart) throws -> [UInt8] { throw ChartError("not implemented yet") }
    public static func png(_ chart: HeatmapChart) throws -> [UInt8] { throw ChartError("not implemented yet") }
    /// Gradient RMS per layer over epochs (log y); one panel per variant or one shared panel.
    public static func png(_ chart: GradientFlowChart) throws -> [UInt8] { throw ChartError("not implemented yet") }
    /// First-epoch gradient RMS by layer depth across variants (vanishing gradients show as a slope).
    public static func depthProfilePNG(_ chart: GradientFlowChart) throws -> [UInt8] { throw ChartError("not implemented yet") }
}
