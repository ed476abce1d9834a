// Charts drawn at once on several threads, recycled canvas storage and the one-pass PNG buffer must
// all give the bytes of drawing and encoding one chart at a time on fresh memory.
import Dispatch
import Foundation
import Testing
@testable import Charts

@Suite struct ConcurrentRenderingTests {
    @Test func chartsDrawnAtOnceMatchChartsDrawnInTurn() throws {
        let draws: [@Sendable () throws -> [UInt8]] = [
            { try ChartRenderer.png(SampleCharts.fewVariants) },
            { try ChartRenderer.png(SampleCharts.heatmap3x3) },
            { try ChartRenderer.png(SampleCharts.gradientFlow8) },
            { try ChartRenderer.depthProfilePNG(SampleCharts.gradientFlow8) },
        ]
        let inTurn = try draws.map { try $0() }
        let results = Results(count: draws.count)
        DispatchQueue.concurrentPerform(iterations: draws.count) { index in
            results.set(index, Result { try draws[index]() })
        }
        for index in draws.indices {
            #expect(try results.get(index) == inTurn[index], "chart \(index) differs when drawn concurrently")
        }
    }

    /// A canvas dropped with a shape still pending must not hand its dirty cells to the next canvas.
    @Test func recycledStorageDrawsLikeFreshStorage() {
        func draw(_ canvas: Canvas) {
            canvas.fillRect(Rect(x: 2.3, y: 1.7, width: 10, height: 6), RGBA(hex: 0x0072B2))
            canvas.fillCircle(center: Point(22, 12), radius: 5, color: RGBA(0, 158, 115, 120))
        }
        let reference = Canvas(width: 64, height: 40, scale: 2)
        draw(reference)
        let expected = reference.rgba
        do {
            let abandoned = Canvas(width: 64, height: 40, scale: 2)
            abandoned.addPolygon([Point(1, 1), Point(30, 2), Point(12, 19)])
        }
        for _ in 0..<3 {
            let canvas = Canvas(width: 64, height: 40, scale: 2, background: .white)
            draw(canvas)
            #expect(canvas.rgba == expected)
        }
        let tinted = Canvas(width: 64, height: 40, scale: 2, background: RGBA(10, 20, 30, 255))
        #expect(tinted.pixel(63, 39) == RGBA(10, 20, 30, 255))
    }

    /// Noise does not compress: the one-pass buffer must still hold it, and a buffer that is too small
    /// is grown and the image encoded again to the same bytes.
    @Test func incompressiblePixelsAndSmallBuffersEncode() throws {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        let (width, height) = (300, 200)
        let rgb = (0..<(width * height * 3)).map { _ -> UInt8 in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
        let bytes = try PNGEncoder.encodeRGB(rgb, width: width, height: height)
        #expect(bytes.count > rgb.count)
        let decoded = try decodePNG(bytes)
        #expect(decoded.width == width && decoded.height == height)
        #expect(decoded.rgba[0..<3] == rgb[0..<3])
        #expect(try PNGEncoder.encodeRGB(rgb, width: width, height: height, capacity: 100) == bytes)
    }
}

private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Result<[UInt8], Error>?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Result<[UInt8], Error>) { lock.withLock { values[index] = value } }
    func get(_ index: Int) throws -> [UInt8]? { try lock.withLock { values[index] }?.get() }
}
