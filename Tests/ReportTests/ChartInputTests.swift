// The chart cache's text of list charts (`ListChartInput`): exact, and covering every field.
import Charts
import Testing
@testable import Report

@Suite struct ChartInputTests {
    private static func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }

    /// A field added to a point type changes what the chart draws; the hand-written cache text must
    /// write it too, or a changed chart would be kept as it was. Update `ChartInput.swift`, then here.
    @Test func everyFieldOfAPointIsWritten() {
        #expect(Self.labels(ParameterPoint(x: .number(1), y: 2)) == ["x", "y", "group"])
        #expect(Self.labels(CostQualityChart.Variant(label: "a", parameters: 1, seconds: 1, metric: 1,
                                                     onParameterFront: true, onTimeFront: false))
                == ["label", "parameters", "seconds", "metric", "onParameterFront", "onTimeFront"])
    }

    private static func metric(_ points: [ParameterPoint], title: String = "t") -> MetricVsParameterChart {
        MetricVsParameterChart(title: title, parameterName: "lr", metricName: "val_accuracy", points: points)
    }

    @Test func anyDifferenceInAPointOrTheRestOfTheChartChangesTheText() {
        let base = [ParameterPoint(x: .number(0.1), y: 0.5, group: "relu"), ParameterPoint(x: .category("8x8"), y: 0.75)]
        let text = Self.metric(base).cacheInput
        #expect(Self.metric(base).cacheInput == text)
        var oneUlp = base
        oneUlp[0].y = base[0].y.nextUp
        var noGroup = base
        noGroup[0].group = nil
        var emptyGroup = base
        emptyGroup[1].group = ""
        var categoryNotNumber = base
        categoryNotNumber[0].x = .category("0.1")
        let others = [Self.metric(oneUlp), Self.metric(noGroup), Self.metric(emptyGroup), Self.metric(categoryNotNumber),
                      Self.metric(Array(base.reversed())), Self.metric(base, title: "u"), Self.metric([base[0]])]
        #expect(Set(others.map(\.cacheInput) + [text]).count == others.count + 1)
    }

    @Test func costQualityVariantsAreWrittenExactly() {
        let variant = CostQualityChart.Variant(label: "a", parameters: 100, seconds: 0.25, metric: 0.9,
                                               onParameterFront: true, onTimeFront: false)
        func chart(_ variants: [CostQualityChart.Variant]) -> String {
            CostQualityChart(title: "t", metricName: "m", higherIsBetter: true, variants: variants).cacheInput
        }
        var slower = variant
        slower.seconds = variant.seconds.nextUp
        var offFront = variant
        offFront.onTimeFront = true
        var renamed = variant
        renamed.label = "b"
        let texts = [chart([variant]), chart([slower]), chart([offFront]), chart([renamed]), chart([])]
        #expect(Set(texts).count == texts.count)
        #expect(chart([variant]) == chart([variant]))
    }
}
