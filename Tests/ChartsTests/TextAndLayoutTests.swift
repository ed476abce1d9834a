// Text through FreeType, and the layout rule that no two pieces of text overlap or leave the image.
import Testing
@testable import Charts
import Core

@Suite struct TextAndLayoutTests {
    @Test func textIsMeasuredAndDrawnWithRealGlyphs() throws {
        let engine = try TextEngine(scale: 2)
        let wide = engine.measure("validation loss", size: 10)
        let narrow = engine.measure("loss", size: 10)
        #expect(wide.width > narrow.width && narrow.width > 10)
        #expect(engine.measure("loss", size: 20).width > narrow.width * 1.9)
        #expect(wide.ascent > 7 && wide.descent > 1)
        // The exponent of 10^-3 is smaller and raised.
        let power = engine.measure(.powerOfTen(-3), size: 10)
        #expect(power.width < engine.measure("10\u{2212}3", size: 10).width)
        #expect(power.ascent > engine.measure("10", size: 10).ascent)
        let mask = engine.render("Hg", size: 10)
        #expect(mask.data.contains { $0 == 255 } && mask.data.contains { $0 > 0 && $0 < 255 })
        let rotated = mask.rotatedCounterClockwise()
        #expect(rotated.width == mask.height && rotated.height == mask.width)
        #expect(rotated.data.reduce(0) { $0 + Int($1) } == mask.data.reduce(0) { $0 + Int($1) })
    }

    @Test func longTextIsEllipsizedToFit() throws {
        let engine = try TextEngine(scale: 2)
        let label = "lr=0.0003 hidden=256 activation=relu optimizer=adam"
        let short = engine.truncated(label, size: 10, maxWidth: 90)
        #expect(short.hasSuffix("\u{2026}"))
        #expect(engine.measure(RichText(short), size: 10).width <= 90)
        #expect(engine.truncated("relu", size: 10, maxWidth: 90) == "relu")
    }

    @Test func drawnTextLandsInsideItsBox() throws {
        let ctx = try ChartContext(width: 400, height: 200, scale: 2)
        let box = ctx.drawText("Loss", at: Point(100, 50), size: 12, color: .black, h: .center, v: .middle)
        var inside = 0, outside = 0
        for y in 0..<200 {
            for x in 0..<400 where ctx.canvas.pixel(x, y).r < 128 {
                let p = Point(Double(x) / 2, Double(y) / 2)
                if p.x >= box.x - 1 && p.x <= box.maxX + 1 && p.y >= box.y - 1 && p.y <= box.maxY + 1 { inside += 1 } else { outside += 1 }
            }
        }
        #expect(inside > 100 && outside == 0)
        #expect(abs(box.midX - 100) < 0.01)
    }

    /// Every text box of a chart lies inside the image and overlaps no other.
    func expectNoOverlap(_ ctx: ChartContext, _ name: String) {
        let boxes = ctx.placedText
        #expect(boxes.count > 5, "\(name) draws text")
        for (i, a) in boxes.enumerated() {
            #expect(a.x >= 0 && a.y >= 0 && a.maxX <= ctx.bounds.maxX + 0.01 && a.maxY <= ctx.bounds.maxY + 0.01,
                    "\(name): text box \(a) leaves the image")
            for b in boxes[(i + 1)...] where a.insetBy(0.5).intersects(b.insetBy(0.5)) {
                Issue.record("\(name): text boxes overlap: \(a) and \(b)")
            }
        }
    }

    @Test func noChartKindOverlapsText() throws {
        expectNoOverlap(try ChartRenderer.context { ChartRenderer.drawLossChart(SampleCharts.manyVariants, into: $0) }, "loss 18")
        expectNoOverlap(try ChartRenderer.context { ChartRenderer.drawLossChart(SampleCharts.fewVariants, into: $0) }, "loss 3")
        expectNoOverlap(try ChartRenderer.context { ChartRenderer.drawMetricChart(SampleCharts.metricByLearningRate, into: $0) }, "metric")
        expectNoOverlap(try ChartRenderer.context { ChartRenderer.drawMetricChart(SampleCharts.metricByActivation, into: $0) }, "categorical")
        expectNoOverlap(try ChartRenderer.context { ChartRenderer.drawHeatmap(SampleCharts.heatmap3x3, into: $0) }, "heatmap")
        expectNoOverlap(try ChartRenderer.context { ChartRenderer.drawGradientFlow(SampleCharts.gradientFlow8, into: $0) }, "gradients")
        expectNoOverlap(try ChartRenderer.context { ChartRenderer.drawDepthProfile(SampleCharts.depthProfile, into: $0) }, "depth")
    }

    @Test func crowdedAxesThinTheirLabels() throws {
        // 40 categories with long names on an 800-unit chart cannot all be labelled side by side.
        let ctx = try ChartRenderer.context { ChartRenderer.drawMetricChart(EdgeCaseTests.crowdedCategories, into: $0) }
        expectNoOverlap(ctx, "crowded")
        let heatmap = try ChartRenderer.context { ChartRenderer.drawHeatmap(EdgeCaseTests.bigHeatmap, into: $0) }
        expectNoOverlap(heatmap, "big heat map")
    }
}

extension TextAndLayoutTests {
    @Test func aMissingFontIsAClearError() {
        do {
            _ = try TextEngine(scale: 2, folders: ["/nonexistent/fonts"])
            Issue.record("a missing font should throw")
        } catch let error as ChartError {
            #expect(error.message.contains("DejaVuSans.ttf"))
            #expect(error.message.contains("/nonexistent/fonts"))
            #expect(error.message.contains("fonts-dejavu-core"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
