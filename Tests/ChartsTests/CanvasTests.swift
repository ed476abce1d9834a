// Pixel tests of the raster primitives on small scale-1 canvases (pixel (i, j) covers [i, i+1) x [j, j+1)).
import Testing
@testable import Charts

@Suite struct CanvasTests {
    /// Coverage of a black shape on white, 0...1, read from the red channel.
    func coverage(_ canvas: Canvas, _ x: Int, _ y: Int) -> Double { 1 - Double(canvas.pixel(x, y).r) / 255 }

    @Test func pixelAlignedRectangleCoversExactlyItsPixels() {
        let canvas = Canvas(width: 12, height: 12)
        canvas.fillRect(Rect(x: 2, y: 3, width: 4, height: 5), .black)
        #expect(canvas.pixel(2, 3) == .black)
        #expect(canvas.pixel(5, 7) == .black)
        #expect(canvas.pixel(1, 3) == .white)
        #expect(canvas.pixel(6, 3) == .white)
        #expect(canvas.pixel(2, 8) == .white)
        #expect(canvas.pixel(2, 2) == .white)
    }

    @Test func antiAliasedEdgeCoverageIsTheCoveredArea() {
        let canvas = Canvas(width: 12, height: 12)
        // Left edge at x = 2.25 (pixel 2 is 3/4 covered), right edge at 6.5 (pixel 6 half covered).
        canvas.fillRect(Rect(x: 2.25, y: 1, width: 4.25, height: 8), .black)
        #expect(abs(coverage(canvas, 2, 4) - 0.75) < 0.01)
        #expect(abs(coverage(canvas, 6, 4) - 0.5) < 0.01)
        #expect(coverage(canvas, 4, 4) == 1)
        // A diagonal edge through pixel centres halves the pixels it crosses.
        let diagonal = Canvas(width: 12, height: 12)
        diagonal.fillPolygon([Point(0, 0), Point(12, 12), Point(0, 12)], .black)
        for i in 0..<12 { #expect(abs(coverage(diagonal, i, i) - 0.5) < 0.01) }
        #expect(coverage(diagonal, 2, 8) == 1)
        #expect(coverage(diagonal, 8, 2) == 0)
    }

    @Test func circleCoversItsArea() {
        let canvas = Canvas(width: 24, height: 24)
        canvas.fillCircle(center: Point(12.3, 11.6), radius: 6, color: .black)
        var total = 0.0
        for y in 0..<24 { for x in 0..<24 { total += coverage(canvas, x, y) } }
        #expect(abs(total - Double.pi * 36) < 0.6)
    }

    @Test func lineEndpointsHaveRoundCaps() {
        let canvas = Canvas(width: 30, height: 20)
        canvas.strokeLine(from: Point(5, 10), to: Point(20, 10), width: 4, color: .black)
        // Body: y from 8 to 12.
        #expect(coverage(canvas, 12, 8) == 1 && coverage(canvas, 12, 11) == 1)
        #expect(coverage(canvas, 12, 7) == 0 && coverage(canvas, 12, 12) == 0)
        // Caps extend 2 px beyond each endpoint on the axis, and are rounded off the axis.
        #expect(coverage(canvas, 3, 9) > 0.5 && coverage(canvas, 3, 10) > 0.5)
        #expect(coverage(canvas, 2, 10) == 0)
        #expect(coverage(canvas, 21, 9) > 0.5)
        #expect(coverage(canvas, 22, 9) == 0)
        #expect(coverage(canvas, 3, 8) < 0.5)
    }

    @Test func dashesLeaveGaps() {
        let canvas = Canvas(width: 40, height: 10)
        canvas.strokeLine(from: Point(0, 5), to: Point(40, 5), width: 2, color: .black, dash: [4, 4])
        #expect(coverage(canvas, 2, 4) == 1)
        #expect(coverage(canvas, 6, 4) == 0)
        #expect(coverage(canvas, 10, 4) == 1)
        #expect(coverage(canvas, 14, 4) == 0)
    }

    @Test func clippingStopsAtTheClipRectangle() {
        let canvas = Canvas(width: 20, height: 20)
        canvas.setClip(Rect(x: 5, y: 4, width: 10, height: 8))
        canvas.fillPolygon([Point(-3, -2), Point(25, 1), Point(22, 24), Point(-1, 21)], .black)
        #expect(canvas.pixel(4, 6) == .white)
        #expect(canvas.pixel(5, 6) == .black)
        #expect(canvas.pixel(14, 6) == .black)
        #expect(canvas.pixel(15, 6) == .white)
        #expect(canvas.pixel(8, 3) == .white)
        #expect(canvas.pixel(8, 4) == .black)
        #expect(canvas.pixel(8, 11) == .black)
        #expect(canvas.pixel(8, 12) == .white)
        canvas.setClip(nil)
        canvas.fillRect(Rect(x: 0, y: 0, width: 2, height: 2), .black)
        #expect(canvas.pixel(0, 0) == .black)
    }

    @Test func translucentColoursBlendOnce() {
        let canvas = Canvas(width: 30, height: 30)
        let halfBlack = RGBA(0, 0, 0, 128)
        canvas.fillRect(Rect(x: 0, y: 0, width: 10, height: 10), halfBlack)
        #expect(canvas.pixel(5, 5).r == 127)
        canvas.fillRect(Rect(x: 0, y: 0, width: 10, height: 10), halfBlack)
        #expect(canvas.pixel(5, 5).r == 63)
        // A translucent stroke with a sharp bend: the overlap at the joint is not darker than the legs.
        canvas.strokePolyline([Point(12, 5), Point(25, 15), Point(12, 25)], width: 4, color: halfBlack)
        let leg = canvas.pixel(18, 10).r, joint = canvas.pixel(24, 15).r
        #expect(leg == 127)
        #expect(joint == 127)
        // Colour channels blend separately.
        let colour = Canvas(width: 4, height: 4)
        colour.fillRect(Rect(x: 0, y: 0, width: 4, height: 4), RGBA(255, 0, 0, 64))
        #expect(colour.pixel(1, 1) == RGBA(255, 191, 191))
    }

    @Test func markersAreCentredAndSized() {
        for shape in MarkerShape.allCases {
            let canvas = Canvas(width: 20, height: 20)
            canvas.drawMarker(shape, at: Point(10, 10), size: 8, color: .black)
            #expect(coverage(canvas, 10, 10) > 0.3 || coverage(canvas, 9, 9) > 0.3, "\(shape) covers its centre")
            #expect(coverage(canvas, 1, 1) == 0 && coverage(canvas, 18, 18) == 0, "\(shape) stays near its centre")
        }
    }

    @Test func scaleMapsLogicalUnitsToPixels() {
        let canvas = Canvas(width: 20, height: 20, scale: 2)
        canvas.fillRect(Rect(x: 1, y: 1, width: 2, height: 2), .black)
        #expect(canvas.pixel(2, 2) == .black && canvas.pixel(5, 5) == .black)
        #expect(canvas.pixel(6, 6) == .white && canvas.pixel(1, 1) == .white)
    }
}
