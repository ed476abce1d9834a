import Charts
import Core
import Notebook

/// The charts that picture a whole sweep: parallel coordinates and cost against quality.
extension ExperimentCharts {
    /// A numeric parameter gets a binned trend (median per bin, interquartile band) instead of a
    /// line through its values when a random or adaptive search drew it, or when a grid gives it
    /// more than this many values: beyond a dozen, a line through per-value means of one or two
    /// runs each is a zig-zag of noise; a grid of up to 12 values keeps its line.
    static let binnedTrendAbove = 12

    static func usesBinnedTrend(_ results: ExperimentResults, parameter: String) -> Bool {
        guard let sweep = results.sweep(named: parameter), !sweep.isCategorical else { return false }
        return results.experiment.method != .grid || results.distinctValues(of: parameter).count > binnedTrendAbove
    }

    /// Drawn for every experiment with three or more swept parameters.
    static let parallelMinimumParameters = 3

    /// `minimumParameters`: a `chart` cell asks for the chart whatever the count.
    static func parallelChart(_ results: ExperimentResults, minimumParameters: Int = parallelMinimumParameters) -> ParallelCoordinatesChart? {
        let parameters = results.parameterNames
        guard parameters.count >= max(1, minimumParameters) else { return nil }
        let groups = results.ranked
        guard !groups.isEmpty else { return nil }
        let axes = parameters.map { parameter -> ParallelCoordinatesChart.Axis in
            let sweep = results.sweep(named: parameter.name)
            let values = results.distinctValues(of: parameter.name)
            // A few numbers (batch sizes 8 ... 128) read best as evenly spaced labels, like a grid's values.
            let numeric = !(sweep?.isCategorical ?? false) && values.allSatisfy { $0.doubleValue != nil }
                && values.count > binnedTrendAbove
            return .init(name: parameter.short,
                         kind: numeric ? .numeric(log: sweep?.isLogScale ?? false) : .categorical(Self.axisOrder(values).map(\.display)))
        }
        let lines = sampled(groups, keepFirst: 1, limit: parallelLineLimit).map { group in
            ParallelCoordinatesChart.Line(values: zip(parameters, axes).map { parameter, axis -> AxisValue? in
                guard let value = group.value(of: parameter.name) else { return nil }
                if case .numeric = axis.kind, let number = value.doubleValue { return .number(number) }
                return .category(value.display)
            }, metric: group.stats!.mean)
        }
        return ParallelCoordinatesChart(title: "\(results.experiment.name): every variant across its parameters",
                                        axes: axes, metricName: results.metric.name,
                                        higherIsBetter: results.metric.maximize, lines: lines)
    }

    /// Numbers ascending; lists of numbers (hidden layers) by depth, then widths; anything else
    /// as the sweep gives it (declared order for a grid).
    static func axisOrder(_ values: [ConfigValue]) -> [ConfigValue] {
        if values.allSatisfy({ $0.doubleValue != nil }) { return values.sorted { $0.doubleValue! < $1.doubleValue! } }
        func numbers(_ value: ConfigValue) -> [Double]? {
            guard case let .list(items) = value else { return nil }
            let parsed = items.compactMap(\.doubleValue)
            return parsed.count == items.count ? parsed : nil
        }
        guard values.allSatisfy({ numbers($0) != nil }) else { return values }
        return values.sorted { a, b in
            let (x, y) = (numbers(a)!, numbers(b)!)
            return x.count != y.count ? x.count < y.count : x.lexicographicallyPrecedes(y)
        }
    }

    static func costQualityChart(_ summary: CostQualitySummary, experiment: String, metric: RunConfig.Metric) -> CostQualityChart? {
        guard summary.variants.count >= 2 else { return nil }
        return CostQualityChart(title: "\(experiment): \(metric.name) against size and training time", metricName: metric.name,
                                higherIsBetter: metric.maximize, variants: summary.variants)
    }
}
