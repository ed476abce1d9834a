// Tick and log-axis algorithms against worked examples.
import Testing
@testable import Charts

@Suite struct AxisScaleTests {
    func labels(_ scale: AxisScale) -> [String] { scale.ticks.compactMap { $0.label?.plain } }

    @Test func niceStepsAreOneTwoFiveTimesAPowerOfTen() {
        #expect(AxisScale.niceStep(span: 1, targetCount: 6) == 0.2)
        #expect(AxisScale.niceStep(span: 499, targetCount: 6) == 100)
        #expect(AxisScale.niceStep(span: 7, targetCount: 8) == 1)
        #expect(abs(AxisScale.niceStep(span: 0.37, targetCount: 5) - 0.1) < 1e-15)
        #expect(AxisScale.niceStep(span: 30, targetCount: 7) == 5)
        #expect(AxisScale.niceStep(span: 2.2, targetCount: 6) == 0.5)
    }

    @Test func linearScaleExtendsToEnclosingTicks() {
        let scale = AxisScale.linear(0.13, 0.92, targetCount: 6)
        #expect(scale.lower == 0 && abs(scale.upper - 1) < 1e-12)
        #expect(labels(scale) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(scale.fraction(0.5) == 0.5)
    }

    @Test func epochAxisKeepsItsDomainAndIntegerSteps() {
        let scale = AxisScale.linear(1, 60, targetCount: 7, extendToTicks: false, integerSteps: true)
        #expect(scale.lower == 1 && scale.upper == 60)
        #expect(labels(scale) == ["10", "20", "30", "40", "50", "60"])
        let short = AxisScale.linear(1, 3, targetCount: 7, extendToTicks: false, integerSteps: true)
        #expect(labels(short) == ["1", "2", "3"])
    }

    @Test func negativeAndLargeValuesUseTrueMinusAndPowersOfTen() {
        #expect(labels(AxisScale.linear(-1, 1, targetCount: 5)) == ["\u{2212}1.0", "\u{2212}0.5", "0.0", "0.5", "1.0"])
        #expect(AxisScale.formatLinear(200_000, step: 100_000).plain == "2\u{00D7}105")
        #expect(AxisScale.formatLinear(100_000, step: 100_000) == .powerOfTen(5))
    }

    @Test func logAxisLabelsDecadesWithSuperscripts() {
        let scale = AxisScale.log(0.004, 2.1)
        #expect(labels(scale) == ["10\u{2212}2", "10\u{2212}1", "100"])
        let decade = scale.ticks.first { $0.value == 0.01 }?.label
        #expect(decade?.spans.count == 2)
        #expect(decade?.spans[1].text == "\u{2212}2")
        #expect(decade?.spans[1].rise ?? 0 > 0)
        #expect(decade?.spans[1].sizeScale ?? 1 < 1)
        // Minor ticks at 2..9 x each decade, unlabelled.
        #expect(scale.ticks.contains { $0.value == 0.05 && !$0.isMajor })
        #expect(abs(scale.fraction(0.01) - (-2 - log10(scale.lower)) / (log10(scale.upper) - log10(scale.lower))) < 1e-12)
    }

    @Test func logAxisOverManyDecadesLabelsEveryOtherDecade() {
        let scale = AxisScale.log(1e-9, 1e3)
        let majors = scale.ticks.filter(\.isMajor).map(\.value)
        #expect(majors.count == 7)
        #expect(majors.first.map { abs(log10($0) + 9) < 1e-9 } == true)
        #expect(scale.ticks.allSatisfy { abs(log10($0.value).rounded() - log10($0.value)) < 1e-9 })
    }

    @Test func narrowLogAxisLabelsMultiplesPlainly() {
        let scale = AxisScale.log(0.011, 0.048)
        #expect(labels(scale) == ["0.02", "0.03", "0.04", "0.05"])  // padding brings 0.05 into view
        let wider = AxisScale.log(0.03, 0.6)
        #expect(labels(wider) == ["0.05", "0.1", "0.2", "0.5"])
    }

    @Test func logIsPreferredWhenPositiveValuesSpanTheThreshold() {
        #expect(AxisScale.prefersLog([2.3, 1.0, 0.1], decades: 1))
        #expect(!AxisScale.prefersLog([0.7, 0.2], decades: 1))
        #expect(!AxisScale.prefersLog([2.3, 0.0, 0.001], decades: 1))
        #expect(AxisScale.prefersLog([2.3, .nan, 0.001], decades: 1))
    }

    @Test func categoriesGetEqualSlots() {
        let scale = AxisScale.categorical(["relu", "tanh", "sigmoid"])
        #expect(scale.fraction(0) == 1.0 / 6)
        #expect(scale.fraction(2) == 5.0 / 6)
        #expect(labels(scale) == ["relu", "tanh", "sigmoid"])
    }
}

import Foundation

@Suite struct LossAxisTests {
    @Test func lossesSpanningDecadesGetALogAxis() {
        let many = SampleCharts.manyVariants.curves
        let values = ChartRenderer.lossRangeValues(many, coloured: many.map(\.highlighted))
        let (scale, isLog) = ChartRenderer.lossAxis(values)
        #expect(isLog && scale.kind == .log)
        #expect(scale.lower < 0.01 && scale.upper > 2)
        let few = SampleCharts.fewVariants.curves
        #expect(!ChartRenderer.lossAxis(ChartRenderer.lossRangeValues(few, coloured: few.map { _ in true })).isLog)
    }

    @Test func aDivergedRunDoesNotStretchTheAxis() {
        let curves = [
            LossCurve(label: "stable", validation: [1, 0.8, 0.6], training: [1, 0.7, 0.5]),
            LossCurve(label: "exploded", validation: [1, 1e9, .nan], training: [1, 1e9, .nan], divergedAtEpoch: 2),
        ]
        let values = ChartRenderer.lossRangeValues(curves, coloured: [true, true])
        #expect(values.max() == 1)
        #expect(!ChartRenderer.lossAxis(values).isLog)
    }

    @Test func theDivergenceMarkerSitsWhereTheCurveLeavesThePlot() {
        let plot = Rect(x: 0, y: 0, width: 100, height: 100)
        let marker = ChartRenderer.divergenceMarker([Point(0, 90), Point(50, 50), Point(60, -50)], plot: plot)
        #expect(marker == Point(55, 0))
        #expect(ChartRenderer.divergenceMarker([Point(0, 90), Point(50, 50), Point(.nan, .nan)], plot: plot) == Point(50, 50))
    }
}

@Suite struct CellFormatTests {
    @Test func cellsShowThreeSignificantDigits() {
        #expect(ChartRenderer.formatCell(0.5) == "0.500")
        #expect(ChartRenderer.formatCell(0.0874) == "0.0874")
        #expect(ChartRenderer.formatCell(2.31) == "2.31")
        #expect(ChartRenderer.formatCell(16.8) == "16.8")
        #expect(ChartRenderer.formatCell(123.4) == "123")
        #expect(ChartRenderer.formatCell(-0.25) == "\u{2212}0.250")
        #expect(ChartRenderer.formatCell(0.00012) == "1.20e\u{2212}04")
    }
}
