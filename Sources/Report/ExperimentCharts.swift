import Core
import Charts
import Foundation
import Notebook
import Records

/// Builds the chart data of one experiment from its grouped runs and renders it.
struct ExperimentCharts: Sendable {
    /// Loss curves, metric against each parameter, heat map.
    var results: [RenderedChart] = []
    /// Gradient RMS over epochs, first-epoch depth profile.
    var gradients: [RenderedChart] = []
    /// Metric against parameters and training seconds, with the Pareto fronts.
    var costs: [RenderedChart] = []
    /// Shares of variance per parameter (see `ParameterImportance`).
    var importance: RenderedChart?
    /// Best-so-far against epochs spent (adaptive and budgeted searches).
    var progress: RenderedChart?

    var all: [RenderedChart] { results + gradients + costs + (importance.map { [$0] } ?? []) + (progress.map { [$0] } ?? []) }

    static let highlightLimit = 5
    static let contextThreshold = 8

    /// The charts of one experiment, planned but not drawn (see `ChartJob.renderAll`).
    struct Plan: Sendable {
        var results: [ChartJob] = []
        var gradients: [ChartJob] = []
        var costs: [ChartJob] = []
        var importance: ChartJob?
        var progress: ChartJob?
        var jobs: [ChartJob] { results + gradients + costs + (importance.map { [$0] } ?? []) + (progress.map { [$0] } ?? []) }

        /// The drawn charts, given in `jobs` order.
        func charts(_ rendered: some Collection<RenderedChart>) -> ExperimentCharts {
            var all = Array(rendered)
            let drawnProgress = progress == nil ? nil : all.popLast()
            var charts = ExperimentCharts(results: Array(all.prefix(results.count)),
                                          gradients: Array(all.dropFirst(results.count).prefix(gradients.count)),
                                          costs: Array(all.dropFirst(results.count + gradients.count).prefix(costs.count)),
                                          importance: importance == nil ? nil : all.last)
            charts.progress = drawnProgress
            return charts
        }
    }

    init(results: [RenderedChart], gradients: [RenderedChart], costs: [RenderedChart] = [], importance: RenderedChart? = nil) {
        self.results = results
        self.gradients = gradients
        self.costs = costs
        self.importance = importance
    }

    // Relative costs for the drawing order (longest first), from drawing plus encoding digits-grid's
    // charts: loss 51 ms, gradients 44, depth profile 43, heat map 42, metric charts 31-37.
    private static let lossCost = 4, gradientCost = 3, heatmapCost = 2, metricCost = 1
    // Not in the measurement above; drawing thousands of lines costs about as much as a loss chart.
    private static let parallelCost = 4, costQualityCost = 2

    static func plan(results: ExperimentResults, flow: GradientFlowSummary, renderer: ChartRendering,
                     importance: ParameterImportance? = nil, progress: Bool = false) -> Plan {
        var plan = Plan()
        if progress, let chart = SearchProgressSummary(results: results).chart(experiment: results.experiment, metric: results.metric) {
            plan.progress = ChartJob(path: "charts/\(results.experiment.name)-progress.png",
                caption: "Best \(results.metric.name) so far against the training epochs spent, runs in proposal order; dashed: "
                    + "the expected best if the same runs had come in a random order.",
                cost: metricCost, kind: "searchProgress", chart: chart, draw: renderer.searchProgress)
        }
        if let importance {
            let chart = Self.importanceChart(results, importance)
            plan.importance = ChartJob(path: "charts/\(results.experiment.name)-importance.png",
                caption: "Share of the variance of \(results.metric.name) each parameter and pair accounts for.",
                cost: metricCost, kind: "importance", chart: chart, draw: renderer.importance)
        }
        let name = results.experiment.name
        let metric = results.metric.name
        if let chart = Self.lossChart(results) {
            let sample = Self.lossGroups(results)
            plan.results.append(ChartJob(path: "charts/\(name)-loss.png",
                caption: "Validation loss per epoch (mean over seeds, band: min to max), best variant first."
                    + Self.sampleNote(drawn: sample.drawn.count, total: sample.total),
                cost: lossCost, kind: "loss", chart: chart, draw: renderer.loss))
        }
        let parameters = results.parameterNames
        for parameter in parameters {
            let colour = Self.colourParameter(for: parameter.name, among: parameters, results: results)
            let chart = Self.metricChart(results, parameter: parameter, group: colour)
            guard !chart.points.isEmpty else { continue }
            plan.results.append(ChartJob(path: Self.metricChartPath(experiment: name, parameter: parameter.short),
                caption: "Final \(metric) of every finished run against \(parameter.short)"
                    + (chart.binnedTrend ? " (line: median per bin, band: 25th to 75th percentile)." : "."),
                cost: metricCost, kind: "metric", chart: chart, draw: renderer.metric))
        }
        if parameters.count >= 2, let chart = Self.heatmap(results, x: parameters[0], y: parameters[1]) {
            plan.results.append(ChartJob(path: "charts/\(name)-heatmap.png",
                caption: "Mean \(metric) for each \(parameters[0].short) and \(parameters[1].short), averaged over seeds and the other parameters.",
                cost: heatmapCost, kind: "heatmap", chart: chart, draw: renderer.heatmap))
        }
        if let chart = Self.parallelChart(results) {
            plan.results.append(ChartJob(path: "charts/\(name)-parallel.png",
                caption: "Every variant as one line across its swept parameters and \(metric) (mean over seeds), coloured by \(metric); the best in red."
                    + Self.sampleNote(drawn: chart.lines.count, total: results.ranked.count),
                cost: parallelCost, kind: "parallel", chart: chart, draw: renderer.parallel))
        }
        if let chart = Self.costQualityChart(CostQualitySummary(results: results), experiment: name, metric: results.metric) {
            plan.costs.append(ChartJob(path: "charts/\(name)-pareto.png",
                caption: "Mean \(metric) of every variant against its trainable parameters and its training seconds per run; red: the Pareto front.",
                cost: costQualityCost, kind: "costQuality", chart: chart, draw: renderer.costQuality))
        }
        if !flow.charted.isEmpty {
            let overTime = GradientFlowChart(title: "\(name): gradient RMS per layer",
                variants: flow.charted.map { .init(label: $0.label, perLayer: $0.perLayer, normScale: $0.normScale, normShift: $0.normShift) })
            plan.gradients.append(ChartJob(path: "charts/\(name)-gradients.png",
                caption: "Gradient RMS of each layer over epochs (log scale) for the best variant and those that contrast with it most.",
                cost: gradientCost, kind: "gradients", chart: overTime, draw: renderer.gradients))
            // The depth profile shows the sentence's contrast first, then the charted variants.
            var profiled: [GradientFlowSummary.Point] = []
            let contrast = flow.contrast.map { [$0.lowest] + $0.others } ?? []
            for point in [flow.charted[0]] + contrast + flow.charted + flow.all
            where !profiled.contains(where: { $0.label == point.label }) {
                profiled.append(point)
            }
            let depth = GradientFlowChart(title: "\(name): first-epoch gradient RMS by layer",
                variants: profiled.prefix(8).map { .init(label: $0.label, perLayer: $0.perLayer, normScale: $0.normScale, normShift: $0.normShift) })
            plan.gradients.append(ChartJob(path: "charts/\(name)-gradient-depth.png",
                caption: "First-epoch gradient RMS by layer depth: a downward slope towards the first layer means vanishing gradients.",
                cost: gradientCost, kind: "depthProfile", chart: depth, draw: renderer.depthProfile))
        }
        return plan
    }

    static func lossChart(_ results: ExperimentResults) -> LossChart? {
        let groups = lossGroups(results).drawn
        guard !groups.isEmpty else { return nil }
        let highlightAll = groups.count <= contextThreshold
        let curves = groups.enumerated().map { index, group -> LossCurve in
            let records = group.records.filter(\.hasCurves)
            let validation = SeedCurve(records, metric: "val_loss")
            let training = SeedCurve(records, metric: "train_loss")
            let seeds = records.count > 1
            return LossCurve(label: group.label, validation: validation.mean,
                             validationMin: seeds ? validation.min : nil, validationMax: seeds ? validation.max : nil,
                             training: training.mean,
                             divergedAtEpoch: group.records.compactMap(\.divergedEpoch).min(),
                             highlighted: highlightAll || index < highlightLimit,
                             terminatedAtEpoch: group.records.compactMap(\.outcome.termination?.band).min())
        }
        return LossChart(title: "\(results.experiment.name): loss per epoch", curves: curves)
    }

    /// What colours the dots of `parameter`'s metric chart: the first other swept parameter with
    /// few values (one colour each, at most `ValueBuckets.maxDistinct`), so interactions show. A
    /// continuous one (a random search's learning rate) would give a colour and a legend row per
    /// run: unreadable, and quadratic to draw at 100,000 runs. Nil: one colour.
    static func colourParameter(for parameter: String, among parameters: [(name: String, short: String)],
                                results: ExperimentResults) -> (name: String, short: String)? {
        parameters.first { other in
            other.name != parameter && results.distinctValues(of: other.name).count <= ValueBuckets.maxDistinct
        }
    }

    static func metricChart(_ results: ExperimentResults, parameter: (name: String, short: String),
                            group: (name: String, short: String)?) -> MetricVsParameterChart {
        let sweep = results.sweep(named: parameter.name)
        let categorical = sweep?.isCategorical ?? false
        var points: [ParameterPoint] = []
        for record in results.records where record.status.counts {
            guard let y = record.finalMetrics[results.metric.name], y.isFinite,
                  let value = record.parameters[parameter.name] else { continue }
            var x = AxisValue.category(value.display)
            if !categorical, let number = value.doubleValue { x = .number(number) }
            points.append(ParameterPoint(x: x, y: y, group: group.flatMap { record.parameters[$0.name]?.display }))
        }
        return MetricVsParameterChart(title: "\(results.experiment.name): \(results.metric.name) vs \(parameter.short)",
                                      parameterName: parameter.short, metricName: results.metric.name,
                                      logX: sweep?.isLogScale ?? false, groupName: group?.short, points: points,
                                      categoryOrder: results.distinctValues(of: parameter.name).map(\.display),
                                      groupOrder: group.map { results.distinctValues(of: $0.name).map(\.display) } ?? [],
                                      binnedTrend: usesBinnedTrend(results, parameter: parameter.name))
    }

    /// `groups` narrows the cells to some of the results' groups (a facet's panel); the rows and
    /// columns stay those of all the results, so panels of one experiment line up.
    static func heatmap(_ results: ExperimentResults, x: (name: String, short: String),
                        y: (name: String, short: String), groups: [RunGroup]? = nil) -> HeatmapChart? {
        let columns = results.buckets(for: x.name)
        let rows = results.buckets(for: y.name)
        guard !columns.isEmpty, !rows.isEmpty else { return nil }
        let values: [[Double?]] = rows.map { row in
            columns.map { column in
                let means = (groups ?? results.groups).filter { group in
                    (group.value(of: x.name).map(column.contains) ?? false) && (group.value(of: y.name).map(row.contains) ?? false)
                }.compactMap { $0.stats?.mean }
                return means.isEmpty ? nil : means.reduce(0, +) / Double(means.count)
            }
        }
        return HeatmapChart(title: "\(results.experiment.name): \(results.metric.name)", xName: x.short, yName: y.short,
                            xLabels: columns.map(\.label), yLabels: rows.map(\.label), values: values,
                            metricName: results.metric.name, higherIsBetter: results.metric.maximize)
    }

    /// What follows `<experiment>-` in the names of the experiment's other charts.
    static let chartSuffixes = ["loss", "heatmap", "parallel", "pareto", "gradients", "gradient-depth", "importance", "progress"]

    /// `charts/<experiment>-<parameter>.png`, or `charts/<experiment>-parameter-<parameter>.png` for
    /// a parameter named like another chart (`training.loss` would overwrite the loss chart).
    static func metricChartPath(experiment: String, parameter: String) -> String {
        let safe = fileSafe(parameter)
        return "charts/\(experiment)-\(chartSuffixes.contains(safe) ? "parameter-" : "")\(safe).png"
    }

    /// `learning_rate`, `training_seed`: safe in file names and URLs.
    static func fileSafe(_ name: String) -> String {
        String(name.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
    }
}

/// One metric per epoch over the seeds of a variant: mean, min and max, up to the first epoch no
/// seed reports finitely (a diverged run's curve ends where its loss stopped being a number).
struct SeedCurve {
    var mean: [Double] = []
    var min: [Double] = []
    var max: [Double] = []

    init(_ records: [RunRecord], metric: String) {
        let length = records.map(\.epochs.count).max() ?? 0
        for epoch in 0..<length {
            let values = records.compactMap { record -> Double? in
                guard epoch < record.epochs.count, let value = record.epochs[epoch].metrics[metric], value.isFinite else { return nil }
                return value
            }
            guard !values.isEmpty else { break }
            mean.append(values.reduce(0, +) / Double(values.count))
            min.append(values.min()!)
            max.append(values.max()!)
        }
    }
}

extension ExperimentCharts {
    static func importanceChart(_ results: ExperimentResults, _ importance: ParameterImportance) -> ImportanceChart {
        let short = Dictionary(results.parameterNames.map { ($0.name, $0.short) }, uniquingKeysWith: { a, _ in a })
        var bars = importance.shares.prefix(ReportBuilder.maxImportanceRows).map { share in
            ImportanceChart.Bar(label: share.parameters.map { short[$0] ?? $0 }.joined(separator: " × "), share: share.share,
                                kind: share.parameters.count == 1 ? .parameter : .pair)
        }
        if results.parameterNames.count > 2 {
            bars.append(.init(label: "higher-order interactions", share: importance.interactions, kind: .remainder))
        }
        let exact = importance.method == .exact
        bars.append(.init(label: exact ? "seed noise" : "unexplained", share: importance.seedNoise, kind: .remainder))
        let how = exact ? "exact functional ANOVA of the grid" : "estimated with a seeded random forest (fANOVA)"
        return ImportanceChart(title: "\(results.experiment.name): what matters for \(results.metric.name)",
                               subtitle: "share of the variance (blue: one parameter, orange: a pair, grey: the rest); \(how)", bars: bars)
    }
}
