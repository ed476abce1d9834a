// Renders every chart kind with realistic data; writes the PNGs to GRADBOOK_CHART_PREVIEW when set
// (e.g. /tmp/charts-preview) so a person can look at them.
import Foundation
import Testing
@testable import Charts
import Core

@Suite struct PreviewTests {
    static func save(_ bytes: [UInt8], _ name: String) throws {
        guard let folder = ProcessInfo.processInfo.environment["GRADBOOK_CHART_PREVIEW"] else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: "\(folder)/\(name).png"))
    }

    static func isPNG(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) }

    @Test func lossCharts() throws {
        let many = try ChartRenderer.png(SampleCharts.manyVariants)
        let few = try ChartRenderer.png(SampleCharts.fewVariants)
        #expect(Self.isPNG(many) && Self.isPNG(few))
        try Self.save(many, "loss-18-variants")
        try Self.save(few, "loss-3-variants")
    }
}

extension PreviewTests {
    @Test func metricCharts() throws {
        let numeric = try ChartRenderer.png(SampleCharts.metricByLearningRate)
        let categorical = try ChartRenderer.png(SampleCharts.metricByActivation)
        #expect(Self.isPNG(numeric) && Self.isPNG(categorical))
        try Self.save(numeric, "metric-lr")
        try Self.save(categorical, "metric-activation")
    }

    @Test func heatmap() throws {
        let bytes = try ChartRenderer.png(SampleCharts.heatmap3x3)
        #expect(Self.isPNG(bytes))
        try Self.save(bytes, "heatmap-3x3")
    }

    @Test func gradientCharts() throws {
        let deep = try ChartRenderer.png(SampleCharts.gradientFlow8)
        let shallow = try ChartRenderer.png(SampleCharts.gradientFlow2)
        let profile = try ChartRenderer.depthProfilePNG(SampleCharts.depthProfile)
        #expect(Self.isPNG(deep) && Self.isPNG(shallow) && Self.isPNG(profile))
        try Self.save(deep, "gradients-8-layers")
        try Self.save(shallow, "gradients-2-layers")
        try Self.save(profile, "depth-profile")
    }
}
