import Charts
import Core
import Notebook
import Records

/// The search-progress chart's data for one experiment: its runs in proposal order (the order of
/// `experiment.variants`), the epochs spent up to each, and the best metric so far (goal-aware).
///
/// The comparison curve is the expected best-so-far if the *same runs* had been proposed in a
/// uniformly random order: after j runs, the expected best of a random j-subset, which is exact
/// (the i-th worst value is the best of the subset with probability C(i-1, j-1) / C(n, j)). Runs
/// without a metric count as the worst finite value observed, as the search methods count them;
/// its x is j times the mean epochs per run. For a random search the two curves differ only by
/// the luck of the draw order; for bayes the gap is what the model's ordering bought.
struct SearchProgressSummary {
    var runs: [SearchProgressChart.Run] = []
    var expectation: [SearchProgressChart.Expectation] = []
    /// Position (1-based) and epochs of the run that first reached the final best.
    var bestRun: (position: Int, epochs: Double)?
    var best: Double?

    static let expectationLabel = "same runs, random order (mean)"
    /// The comparison curve is evaluated at about this many run counts.
    private static let expectationPoints = 200

    init(results: ExperimentResults) {
        let metric = results.metric.name, maximize = results.metric.maximize
        var byVariant: [String: RunRecord] = [:]
        for record in results.records { byVariant[record.variant] = record }
        var epochs = 0.0
        var values: [Double?] = []
        for variant in results.experiment.variants {
            guard let record = byVariant[variant.id] ?? variant.legacyID.flatMap({ byVariant[$0] }) else { continue }
            epochs += Double(record.epochCount)
            let value = record.status.counts ? record.finalMetrics[metric].flatMap { $0.isFinite ? $0 : nil } : nil
            if let value, best.map({ maximize ? value > $0 : value < $0 }) ?? true {
                best = value
                bestRun = (runs.count + 1, epochs)
            }
            values.append(value)
            runs.append(.init(cumulativeEpochs: epochs, metric: value, bestSoFar: best))
        }
        let finite = values.compactMap { $0 }
        guard let worst = maximize ? finite.min() : finite.max(), !runs.isEmpty else { return }
        // Ascending in goodness: the last is the best.
        let ranked = values.map { $0 ?? worst }.sorted { maximize ? $0 < $1 : $0 > $1 }
        let n = ranked.count, perRun = epochs / Double(n)
        let step = max(1, n / Self.expectationPoints)
        var counts = Array(stride(from: 1, through: n, by: step))
        if counts.last != n { counts.append(n) }
        for j in counts {
            // p_n = j / n; p_(i-1) = p_i (i - j) / (i - 1), down to p_j.
            var probability = Double(j) / Double(n), expected = 0.0
            var i = n
            while i >= j {
                expected += probability * ranked[i - 1]
                if i > 1 { probability *= Double(i - j) / Double(i - 1) }
                i -= 1
            }
            expectation.append(.init(epochs: Double(j) * perRun, best: expected))
        }
    }

    /// The comparison curve at `epochs`, linearly between its points (nil before its first).
    func expectedBest(atEpochs epochs: Double) -> Double? {
        guard let first = expectation.first, epochs >= first.epochs else { return nil }
        guard let after = expectation.firstIndex(where: { $0.epochs >= epochs }) else { return expectation.last?.best }
        let right = expectation[after]
        guard after > 0, right.epochs > epochs else { return right.best }
        let left = expectation[after - 1]
        return left.best + (right.best - left.best) * (epochs - left.epochs) / (right.epochs - left.epochs)
    }

    /// Adaptive searches and budgeted ones show their progress.
    static func applies(_ results: ExperimentResults, context: ReportContext, notebook: NotebookDocument) -> Bool {
        let experiment = results.experiment
        return experiment.method.isAdaptive || experiment.budget != nil || notebook.budget != nil
            || context.searchStops[experiment.name] != nil
    }

    func chart(experiment: Experiment, metric: RunConfig.Metric) -> SearchProgressChart? {
        guard !runs.isEmpty else { return nil }
        return SearchProgressChart(title: "\(experiment.name): search progress", metricName: metric.name,
                                   higherIsBetter: metric.maximize, runs: runs, expectation: expectation,
                                   expectationLabel: Self.expectationLabel, epochBudget: experiment.budget?.epochs.map(Double.init))
    }

    /// `The best val_accuracy, 0.97, came at run 14 of 40, after 120 of 700 training epochs; ...`
    func sentence(metric: RunConfig.Metric) -> String? {
        guard let best, let bestRun, let last = runs.last else { return nil }
        let total = Int(last.cumulativeEpochs)
        var text = "The best \(metric.name), \(ReadableNumber.format(best)), came at run \(bestRun.position) of \(runs.count) in proposal order, "
            + "after \(Int(bestRun.epochs)) of the \(total) training epochs spent."
        // What a random order of the same runs would on average have found by then.
        if runs.count > 1, let expected = expectedBest(atEpochs: bestRun.epochs) {
            text += " A random order of the same runs would have found \(ReadableNumber.format(expected)) by then on average (dashed)."
        }
        return text
    }
}
