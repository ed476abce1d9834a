extension ExperimentBuilder {
    /// `repeats` was silently cut to this many before fuzzing; more is now an error.
    static let maximumRepeats = 10_000

    /// Every point runs once per seed: a 100,000-point grid with `repeats: 10000` would plan a
    /// billion variants, each built and validated while the notebook loads (found while fuzzing the
    /// loader: `repeats` alone already took a minute). The plan's runs share the points' limit.
    func checkRunCount(points: Int, runsPerPoint: Int, node: YAMLNode) -> Bool {
        let (runs, overflow) = points.multipliedReportingOverflow(by: runsPerPoint)
        guard overflow || runs > SweepRequest.maximumPoints else { return true }
        let mark = (node["repeats"] ?? node["seeds"])?.mark ?? node.mark
        sink.error(mark, "the experiment plans \(points) points x \(runsPerPoint) seeds = \(overflow ? "too many" : String(runs)) runs, "
            + "more than the limit of \(SweepRequest.maximumPoints); sweep fewer values or use fewer seeds")
        return false
    }
}
