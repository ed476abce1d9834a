import Charts
import Core
import Notebook
import Records

/// The data of a `line`, `scatter` or `bar` chart cell: panels (one per facet value), series (one per
/// colour value and experiment), points grouped over seeds as the results tables group them.
struct CellPlotBuilder {
    let cell: ChartCell
    /// The cell's experiments, filtered and ranked by the cell's metric (best group first).
    let sides: [ExperimentResults]
    let title: String
    // Values of x, colour and facet over every experiment, found once (each scan reads every
    // planned variant: at 100k runs, once per point would be most of the report's time).
    let xValues: [ConfigValue]
    let colourValues: [ConfigValue]
    let facetValues: [ConfigValue]
    let xAxis: CellPlot.XAxis
    /// Canonical value of x -> its place on the axis.
    let xPosition: [String: Int]

    init(cell: ChartCell, sides: [ExperimentResults], title: String) {
        self.cell = cell
        self.sides = sides
        self.title = title
        let x = ChartCells.xParameter(cell)
        xValues = x.map { Self.distinct($0, in: sides) } ?? []
        colourValues = cell.color.map { Self.distinct($0, in: sides) } ?? []
        facetValues = cell.facet.map { Self.distinct($0, in: sides) } ?? []
        xPosition = Dictionary(xValues.enumerated().map { ($1.canonical, $0) }, uniquingKeysWith: { a, _ in a })
        let sweep = x.flatMap { name in sides.lazy.compactMap { $0.sweep(named: name) }.first }
        xAxis = Self.axis(cell, values: xValues, sweep: sweep, isEpoch: x == nil)
    }

    var plot: CellPlot {
        let facets: [ConfigValue?] = cell.facet == nil ? [nil] : facetValues.map(Optional.some)
        let panels = facets.map { value in
            CellPlot.Panel(title: value.map { "\(short(cell.facet!)) = \($0.display)" }, series: series(facetValue: value))
        }
        let legendTitle = cell.color.map(short) ?? (sides.count > 1 ? "experiment" : nil)
        return CellPlot(title: title, style: style, xAxis: xAxis, xName: x.map(short) ?? "epoch", yName: cell.y,
                        logY: cell.logY == .auto ? nil : cell.logY == .log, legendTitle: legendTitle,
                        intervalName: intervalName, panels: panels)
    }

    var x: String? { ChartCells.xParameter(cell) }

    var style: CellPlot.Style {
        switch cell.kind {
        case .scatter: return .scatter
        case .bar: return .bar
        default: return .line
        }
    }

    var intervalName: String? {
        switch cell.kind {
        case .scatter: return nil
        default: return x == nil ? "min\u{2013}max over seeds" : "95% CI over seeds"
        }
    }

    /// Bars and named values sit in slots; numbers on a linear or log axis.
    static func axis(_ cell: ChartCell, values: [ConfigValue], sweep: ParameterSweep?, isEpoch: Bool) -> CellPlot.XAxis {
        if isEpoch { return .epoch }
        if cell.kind == .bar || (sweep?.isCategorical ?? false) || !values.allSatisfy({ $0.doubleValue != nil }) {
            return .categorical(values.map(\.display))
        }
        switch cell.logX {
        case .log: return .numeric(log: true)
        case .linear: return .numeric(log: false)
        case .auto:
            // Declared log-uniform, or positive values spanning two decades (as the automatic charts decide).
            let numbers = values.compactMap(\.doubleValue)
            let spread = numbers.allSatisfy { $0 > 0 } && (numbers.max() ?? 1) >= 100 * (numbers.min() ?? 1)
            return .numeric(log: (sweep?.isLogScale ?? false) || spread)
        }
    }

    func axisValue(_ value: ConfigValue) -> AxisValue {
        if case .numeric = xAxis, let number = value.doubleValue { return .number(number) }
        return .category(value.display)
    }

    func short(_ parameter: String) -> String { sides.first?.shortName(parameter) ?? ChartCells.short(parameter) }

    /// Values of a parameter over every experiment of the cell, in axis order (numbers ascending).
    static func distinct(_ parameter: String, in sides: [ExperimentResults]) -> [ConfigValue] {
        var values: [ConfigValue] = []
        var seen = Set<String>()
        for side in sides {
            for value in side.distinctValues(of: parameter) where seen.insert(value.canonical).inserted { values.append(value) }
        }
        return ExperimentCharts.axisOrder(values)
    }

    func series(facetValue: ConfigValue?) -> [CellPlot.Series] {
        var result: [CellPlot.Series] = []
        for side in sides {
            var groups = side.groups
            if let facet = cell.facet, let facetValue {
                groups = groups.filter { $0.value(of: facet).map { CellFilter.matches($0, facetValue) } ?? false }
            }
            let prefix = sides.count > 1 ? side.experiment.name : nil
            if let colour = cell.color {
                for value in colourValues {
                    let members = groups.filter { $0.value(of: colour).map { CellFilter.matches($0, value) } ?? false }
                    guard !members.isEmpty else { continue }
                    let label = prefix.map { "\($0) \u{00B7} \(value.display)" } ?? value.display
                    result += series(label: label, groups: members, side: side)
                }
            } else if x == nil && cell.kind == .line && sides.count == 1 {
                // Learning curves with nothing to group by: the best few variants, each a curve.
                for group in groups.filter({ !$0.records.isEmpty }).prefix(ChartCells.topCurves) {
                    result += series(label: group.label, groups: [group], side: side)
                }
            } else {
                result += series(label: prefix ?? cell.y, groups: groups, side: side)
            }
        }
        return result
    }

    private func series(label: String, groups: [RunGroup], side: ExperimentResults) -> [CellPlot.Series] {
        let metric = cell.y
        func finalValues(_ group: RunGroup) -> [Double] {
            group.records.filter(\.status.counts).compactMap { $0.finalMetrics[metric] }.filter(\.isFinite)
        }
        guard let x else {
            // Learning curves of the best group (groups are ranked best first; one with records if none finished).
            guard let best = groups.first(where: { $0.stats != nil }) ?? groups.first(where: { !$0.records.isEmpty }) else { return [] }
            let curve = SeedCurve(best.records, metric: metric)
            let seeds = best.records.count > 1
            let points = curve.mean.indices.map { index in
                CellPlot.Point(x: .number(Double(index + 1)), y: curve.mean[index],
                               low: seeds ? curve.min[index] : nil, high: seeds ? curve.max[index] : nil)
            }
            return points.isEmpty ? [] : [CellPlot.Series(label: label, points: points)]
        }
        if cell.kind == .scatter {
            let points = groups.flatMap { group -> [CellPlot.Point] in
                guard let value = group.value(of: x) else { return [] }
                return finalValues(group).map { CellPlot.Point(x: axisValue(value), y: $0) }
            }
            return [CellPlot.Series(label: label, points: points)]
        }
        // Line and bar: per value of x, the best group there (its mean over seeds and interval), in axis order.
        var points: [(position: Int, point: CellPlot.Point)] = [], runs: [CellPlot.Point] = []
        var seen = Set<String>()
        for group in groups {
            guard let stats = group.stats, let value = group.value(of: x), seen.insert(value.canonical).inserted else { continue }
            let interval = SeedInterval.ci95(mean: stats.mean, std: stats.std, n: stats.n)
            points.append((xPosition[value.canonical] ?? xValues.count,
                           CellPlot.Point(x: axisValue(value), y: stats.mean, low: interval?.low, high: interval?.high)))
            runs += finalValues(group).map { CellPlot.Point(x: axisValue(value), y: $0) }
        }
        return [CellPlot.Series(label: label, points: points.sorted { $0.position < $1.position }.map(\.point), runs: runs)]
    }

    /// Swept parameters other than x, colour and facet that still take several values after the
    /// filter: a line or bar point picks the best variant over them (the caption says so).
    static func otherVaried(_ cell: ChartCell, sides: [ExperimentResults]) -> [String] {
        let drawn = Set([ChartCells.xParameter(cell), cell.color, cell.facet].compactMap { $0 })
        var names: [String] = []
        for side in sides {
            for sweep in side.experiment.parameters where !drawn.contains(sweep.name) && !names.contains(sweep.name) {
                let values = Set(side.groups.filter { !$0.records.isEmpty }.compactMap { $0.value(of: sweep.name)?.canonical })
                if values.count > 1 { names.append(sweep.name) }
            }
        }
        return names
    }
}
