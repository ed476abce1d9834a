/// Expands parameter specifications into sweep points (one value per parameter): the Cartesian
/// product for `grid`, or `count` distinct seeded draws for `random`.
import Core
struct SweepExpander {
    /// Refuse sweeps that would never finish rather than silently planning millions of runs.
    static let maximumPoints = 100_000

    let sink: DiagnosticSink

    func grid(_ specs: [ParameterSpec], methodMark: SourceMark) -> [[YAMLNode]]? {
        var total = 1
        var ok = true
        for spec in specs {
            if case .categorical(_, .some) = spec.domain {
                sink.error(spec.keyMark, "parameter '\(spec.path)' has 'probabilities', which only random search uses; use 'method: random' or drop them")
                ok = false
                continue
            }
            guard let count = spec.gridCount else {
                sink.error(spec.keyMark, "parameter '\(spec.path)' uses the continuous distribution '\(spec.distribution)', which a grid cannot enumerate; use 'values', int 'min'/'max', 'q_uniform', or 'method: random'")
                ok = false
                continue
            }
            if count == 0 {
                sink.error(spec.specMark, "parameter '\(spec.path)' has no values in its range")
                ok = false
                continue
            }
            total = total.multipliedReportingOverflow(by: count).overflow ? Int.max : total * count
        }
        guard ok else { return nil }
        guard total <= Self.maximumPoints else {
            sink.error(methodMark, "the grid has \(total) points, more than the limit of \(Self.maximumPoints); sweep fewer values or use 'method: random' with 'count'")
            return nil
        }
        var points: [[YAMLNode]] = [[]]
        for spec in specs {
            let values = spec.gridValues ?? []
            points = points.flatMap { point in values.map { point + [$0] } }
        }
        return points
    }

    func random(_ specs: [ParameterSpec], count: Int, seed: UInt64, countMark: SourceMark) -> [[YAMLNode]]? {
        // A finite space smaller than `count` cannot give `count` distinct configurations.
        var spaceSize: Int? = 1
        for spec in specs {
            guard let size = spec.gridCount, let current = spaceSize else { spaceSize = nil; break }
            if case .categorical(_, .some(let probabilities)) = spec.domain {
                let possible = probabilities.filter { $0 > 0 }.count
                spaceSize = current.multipliedReportingOverflow(by: possible).overflow ? nil : current * possible
            } else {
                spaceSize = current.multipliedReportingOverflow(by: size).overflow ? nil : current * size
            }
        }
        if let spaceSize, count > spaceSize {
            sink.error(countMark, "'count' is \(count) but the parameters allow only \(spaceSize) distinct configurations")
            return nil
        }
        var generator = SeededGenerator(seed: seed)
        var seen = Set<String>()
        var points: [[YAMLNode]] = []
        var attempts = 0
        let maximumAttempts = count * 100 + 1000
        while points.count < count {
            attempts += 1
            if attempts > maximumAttempts {
                sink.error(countMark, "could only draw \(points.count) distinct configurations of the \(count) asked for; widen the ranges or lower 'count'")
                return nil
            }
            let point = specs.map { $0.sample(&generator) }
            let key = ConfigValue.list(point.map(\.configValue)).canonicalJSON
            if seen.insert(key).inserted { points.append(point) }
        }
        return points
    }
}
