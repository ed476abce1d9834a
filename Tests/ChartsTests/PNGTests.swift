// PNGs read back through libpng's simplified read API and compared with the canvas; determinism.
import CPNG
import Testing
@testable import Charts

/// Decodes PNG bytes to RGBA8 with libpng's simplified API.
func decodePNG(_ bytes: [UInt8]) throws -> (width: Int, height: Int, rgba: [UInt8]) {
    var image = png_image()
    image.version = png_uint_32(PNG_IMAGE_VERSION)
    let opened = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
    guard opened != 0 else { throw ChartError("libpng could not open the PNG") }
    image.format = png_uint_32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)  // PNG_FORMAT_RGBA
    var rgba = [UInt8](repeating: 0, count: Int(image.width) * Int(image.height) * 4)
    let finished = rgba.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
    guard finished != 0 else { throw ChartError("libpng could not decode the PNG") }
    return (Int(image.width), Int(image.height), rgba)
}

@Suite struct PNGTests {
    @Test func encodedCanvasReadsBackPixelForPixel() throws {
        let canvas = Canvas(width: 64, height: 40, scale: 2)
        canvas.fillRect(Rect(x: 2.3, y: 1.7, width: 10, height: 6), RGBA(hex: 0x0072B2))
        canvas.strokePolyline([Point(1, 18), Point(12, 3), Point(30, 15)], width: 1.5, color: RGBA(hex: 0xD55E00), dash: [3, 2])
        canvas.fillCircle(center: Point(22, 12), radius: 5, color: RGBA(0, 158, 115, 120))
        let bytes = try PNGEncoder.encode(canvas)
        let decoded = try decodePNG(bytes)
        #expect(decoded.width == 64 && decoded.height == 40)
        #expect(decoded.rgba == canvas.rgba)
        let fast = try decodePNG(PNGEncoder.encode(canvas, fast: true))
        #expect(fast.rgba == canvas.rgba)
    }

    @Test func chartPNGHasTheDefaultSizeAndMatchesItsCanvas() throws {
        let chart = SampleCharts.fewVariants
        let bytes = try ChartRenderer.png(chart)
        let decoded = try decodePNG(bytes)
        #expect(decoded.width == 1600 && decoded.height == 1000)
        let canvas = try ChartRenderer.canvas { ChartRenderer.drawLossChart(chart, into: $0) }
        #expect(decoded.rgba == canvas.rgba)
    }

    @Test func identicalDataGivesIdenticalBytes() throws {
        #expect(try ChartRenderer.png(SampleCharts.manyVariants) == ChartRenderer.png(SampleCharts.manyVariants))
        #expect(try ChartRenderer.png(SampleCharts.heatmap3x3) == ChartRenderer.png(SampleCharts.heatmap3x3))
        #expect(try ChartRenderer.png(SampleCharts.gradientFlow8) == ChartRenderer.png(SampleCharts.gradientFlow8))
    }

    /// Viewers read the colours as sRGB (the chunk libpng's simplified API wrote before the encoder
    /// moved to the full API), and nothing varies between runs: no time or text chunks.
    @Test func chunksAreHeaderSRGBDataAndEndOnly() throws {
        let bytes = try ChartRenderer.png(SampleCharts.fewVariants)
        var kinds: [String] = []
        var offset = 8
        while offset + 8 <= bytes.count {
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            kinds.append(String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self))
            offset += 12 + length
        }
        #expect(offset == bytes.count)
        let distinct = kinds.reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        #expect(distinct == ["IHDR", "sRGB", "IDAT", "IEND"])
    }

    @Test func libpngErrorsAreReportedWithTheirMessage() {
        do {
            _ = try PNGEncoder.encodeRGB([], width: 0, height: 0)
            Issue.record("a 0x0 image should not encode")
        } catch let error as ChartError {
            #expect(error.message.contains("libpng"))
            #expect(error.message.count > "libpng failed".count + 10)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
