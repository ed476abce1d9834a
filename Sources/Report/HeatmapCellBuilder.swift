import Charts
import Core
import Notebook

/// The panels of a `heatmap` chart cell with several experiments or a `facet`: one heat map per
/// experiment and facet value (experiments first, then the facet's values in axis order). The
/// panels of one experiment share its rows and columns (its values of `x` and `color`), so a facet
/// value without a run shows as empty cells, not as a smaller grid.
enum HeatmapCellBuilder {
    static func panels(_ cell: ChartCell, sides: [ExperimentResults], x: String, y: String) -> [HeatmapChart] {
        let facetValues = cell.facet.map { CellPlotBuilder.distinct($0, in: sides) } ?? []
        var panels: [HeatmapChart] = []
        for side in sides {
            let xAxis = (x, side.shortName(x)), yAxis = (y, side.shortName(y))
            guard let facet = cell.facet else {
                if var chart = ExperimentCharts.heatmap(side, x: xAxis, y: yAxis) {
                    chart.title = side.experiment.name
                    panels.append(chart)
                }
                continue
            }
            for value in facetValues {
                let members = side.groups.filter { $0.value(of: facet).map { CellFilter.matches($0, value) } ?? false }
                // A value this experiment never takes (another experiment's) has no panel here.
                guard !members.isEmpty, var chart = ExperimentCharts.heatmap(side, x: xAxis, y: yAxis, groups: members) else { continue }
                let heading = "\(side.shortName(facet)) = \(value.display)"
                chart.title = sides.count > 1 ? "\(side.experiment.name) \u{00B7} \(heading)" : heading
                panels.append(chart)
            }
        }
        return panels
    }
}
