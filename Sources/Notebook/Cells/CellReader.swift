import Core
import Foundation

/// Reads `- chart:`, `- table:` and `- compare:` cells and checks the inline values of markdown,
/// once every experiment of the notebook is built (a cell may name one declared further down).
/// Names are checked against the experiments, their swept parameters and their data set's
/// metrics, each problem at its own line and column with the closest valid name.
struct CellReader {
    let sink: DiagnosticSink
    let catalog: DatasetCatalog
    let baseDirectory: URL
    let source: SourceText
    /// Built experiments by name.
    let experiments: [String: Experiment]
    /// Names written in experiment cells, built or not: one that failed to build has its own
    /// errors already, and a cell naming it should not add "unknown experiment".
    let declared: [String]

    static let chartKeys = ["experiment", "kind", "x", "y", "color", "facet", "log_x", "log_y", "filter", "title", "caption"]
    static let tableKeys = ["experiment", "columns", "filter", "sort", "top", "title", "caption"]
    static let compareKeys = ["experiments", "baseline", "metric", "title", "caption"]
    static let baselineKeys = ["results", "experiment"]
    static let tableWords = ["epochs", "seconds", "status"]

    var reader: NodeReader { NodeReader(sink: sink) }

    func read(kind: String, _ node: YAMLNode) -> Cell? {
        guard node.pairs != nil else {
            sink.error(node.mark, "'\(kind)' must be a mapping such as {experiment: NAME, ...}, got \(NodeReader.describe(node))")
            return nil
        }
        switch kind {
        case "chart": return chart(node).map(Cell.chart)
        case "table": return table(node).map(Cell.table)
        default: return compare(node).map(Cell.compare)
        }
    }

    // MARK: chart

    func chart(_ node: YAMLNode) -> ChartCell? {
        reader.checkKeys(node, allowed: Self.chartKeys, context: "a chart cell")
        guard let experimentNode = node["experiment"] else {
            sink.error(node.mark, "a chart cell needs 'experiment' (a name or a list of names)")
            return nil
        }
        let names = experimentNames(experimentNode, field: "experiment")
        var ok = true
        var kind: ChartCell.Kind?
        if let kindNode = node["kind"] {
            let word = reader.choice(kindNode, "kind", ChartCell.Kind.allCases.map(\.rawValue), what: "chart kind")
            kind = word.flatMap(ChartCell.Kind.init(rawValue:))
            ok = kind != nil
        }
        let chosen = names.compactMap { experiments[$0] }
        guard chosen.count == names.count, !chosen.isEmpty else { return nil }
        var x = CellAxis.epoch
        if let xNode = node["x"] {
            if xNode.scalarText == "epoch" { x = .epoch }
            else if let path = parameter(xNode, field: "x", in: chosen, extra: ["epoch"]) { x = .parameter(path) }
            else { ok = false }
        } else if kind == .parallel || kind == .heatmap || kind == .bar, let first = chosen[0].parameters.first {
            x = .parameter(first.name)
        }
        let y = node["y"].map { metric($0, field: "y", in: chosen) } ?? chosen[0].metric.name
        let color = node["color"].map { parameter($0, field: "color", in: chosen) }
        let facet = node["facet"].map { parameter($0, field: "facet", in: chosen) }
        let resolvedKind = kind ?? Self.defaultKind(x: x, experiment: chosen[0])
        if resolvedKind == .heatmap {
            if case .epoch = x { sink.error((node["x"] ?? node).mark, "a heatmap needs a parameter on 'x' (and a second one in 'color')"); ok = false }
            if node["color"] == nil { sink.error(node.mark, "a heatmap needs 'color': the parameter on its second axis"); ok = false }
        }
        if resolvedKind == .parallel, case .epoch = x, node["x"] != nil {
            sink.error(node["x"]!.mark, "a parallel-coordinates chart has one axis per swept parameter; 'x: epoch' does not apply"); ok = false
        }
        if resolvedKind == .parallel && !checkParallel(node, experiments: names) { ok = false }
        if resolvedKind == .heatmap, let facetNode = node["facet"], case let written?? = facet,
           written == Self.parameterName(x) || written == color ?? nil {
            sink.error(facetNode.mark, "'facet' must differ from 'x' and 'color' on a heatmap: each panel would hold one row or column")
            ok = false
        }
        let logX = node["log_x"].map { scale($0, "log_x") } ?? .auto
        let logY = node["log_y"].map { scale($0, "log_y") } ?? .auto
        let filter = node["filter"].map { self.filter($0, in: chosen) } ?? CellFilter()
        let title = node["title"].flatMap { text($0, "title") }
        let caption = node["caption"].flatMap { text($0, "caption") }
        guard ok, let y, let color = color ?? .some(nil), let facet = facet ?? .some(nil),
              let logX, let logY, let filter else { return nil }
        return ChartCell(experiments: names, kind: resolvedKind, x: x, y: y, color: color, facet: facet, logX: logX, logY: logY,
                         filter: filter, title: title, caption: caption, mark: node.mark)
    }

    /// A parallel-coordinates chart has no facets and draws one experiment. Its axes are already
    /// every swept parameter, the facet's included, and small copies of it (up to 12 in the chart's
    /// 800 x 500 units) would leave each axis too short to tell its values apart; to see one value,
    /// filter on it. Two experiments sweep their own parameters, so their lines share no axes: one
    /// chart cell per experiment (or a compare cell) says more.
    func checkParallel(_ node: YAMLNode, experiments names: [String]) -> Bool {
        var ok = true
        if let facetNode = node["facet"] {
            let name = facetNode.scalarText ?? "PARAM"
            sink.error(facetNode.mark, "a parallel-coordinates chart has no facets: it already has an axis for every swept parameter, '\(name)' included; to show one of its values, write 'filter: {\(name): VALUE}'")
            ok = false
        }
        if names.count > 1, let experimentNode = node["experiment"] {
            sink.error(experimentNode.mark, "a parallel-coordinates chart draws one experiment (its axes are that experiment's swept parameters); write one chart cell per experiment, or a compare cell")
            ok = false
        }
        return ok
    }

    static func parameterName(_ axis: CellAxis) -> String? {
        if case .parameter(let name) = axis { return name }
        return nil
    }

    /// Learning curves for `x: epoch`, bars for a categorical parameter, points otherwise.
    static func defaultKind(x: CellAxis, experiment: Experiment) -> ChartCell.Kind {
        guard case .parameter(let path) = x else { return .line }
        return experiment.parameters.first { $0.name == path }?.isCategorical == true ? .bar : .scatter
    }

    func scale(_ node: YAMLNode, _ field: String) -> CellAxisScale? {
        switch node.configValue {
        case .bool(let flag): return flag ? .log : .linear
        case .string("auto"): return .auto
        default:
            sink.error(node.mark, "'\(field)' must be true, false or auto, got \(NodeReader.describe(node))")
            return nil
        }
    }

    // MARK: table

    func table(_ node: YAMLNode) -> TableCell? {
        reader.checkKeys(node, allowed: Self.tableKeys, context: "a table cell")
        guard let experimentNode = node["experiment"] else {
            sink.error(node.mark, "a table cell needs 'experiment' (the name of an experiment of this notebook)")
            return nil
        }
        guard let name = experimentName(experimentNode, field: "experiment") else {
            // Still check the shape of the other keys.
            _ = node["top"].map { reader.int($0, "top", atLeast: 1) }
            return nil
        }
        guard let experiment = experiments[name] else { return nil }
        var columns: [TableCell.Column]? = experiment.parameters.map { .parameter($0.name) } + [.final(experiment.metric.name)]
        if let columnsNode = node["columns"] {
            if let items = columnsNode.items, !items.isEmpty {
                let read = items.map { column($0, in: experiment) }
                columns = read.contains { $0 == nil } ? nil : read.compactMap { $0 }
            } else {
                sink.error(columnsNode.mark, "'columns' must be a non-empty list such as [learning_rate, val_accuracy, best.val_accuracy, epochs, seconds, status]")
                columns = nil
            }
        }
        var sort: TableCell.Sort?? = .some(nil)
        if let sortNode = node["sort"] {
            if let written = reader.string(sortNode, "sort") {
                let descending = written.hasPrefix("-")
                let name = descending ? String(written.dropFirst()) : written
                let columnNode = YAMLNode.scalar(name, at: SourceMark(line: sortNode.mark.line, column: sortNode.mark.column + (descending ? 1 : 0)))
                sort = column(columnNode, in: experiment, field: "sort").map { .some(TableCell.Sort(column: $0, descending: descending)) } ?? nil
            } else {
                sort = nil
            }
        }
        var top: Int?? = .some(nil)
        if let topNode = node["top"] { top = reader.int(topNode, "top", atLeast: 1).map { .some($0) } }
        let filter = node["filter"].map { self.filter($0, in: [experiment]) } ?? CellFilter()
        let title = node["title"].flatMap { text($0, "title") }
        let caption = node["caption"].flatMap { text($0, "caption") }
        guard let columns, let sort, let top, let filter else { return nil }
        return TableCell(experiment: name, columns: columns, filter: filter, sort: sort, top: top, title: title, caption: caption, mark: node.mark)
    }

    /// `epochs`, `seconds`, `status`, `best.METRIC`, a metric (its final value) or a parameter.
    func column(_ node: YAMLNode, in experiment: Experiment, field: String = "columns") -> TableCell.Column? {
        guard let name = reader.string(node, field) else { return nil }
        switch name {
        case "epochs": return .epochs
        case "seconds": return .seconds
        case "status": return .status
        default: break
        }
        let metrics = experiment.metricNames(catalog: catalog)
        if name.hasPrefix("best.") {
            let metric = String(name.dropFirst(5))
            if metrics.contains(metric) || Experiment.isPerClassMetric(metric) { return .best(metric) }
            sink.error(node.mark, "unknown metric '\(metric)' in '\(field)' of experiment '\(experiment.name)'\(EditDistance.suggestion(for: metric, in: metrics)) (expected one of: \(metrics.joined(separator: ", ")))")
            return nil
        }
        if metrics.contains(name) || Experiment.isPerClassMetric(name) { return .final(name) }
        switch experiment.lookUpParameter(name) {
        case .found(let path): return .parameter(path)
        case .ambiguous(let paths):
            sink.error(node.mark, "'\(name)' is ambiguous in experiment '\(experiment.name)': write one of \(paths.map { "'\($0)'" }.joined(separator: ", "))")
        case .notSwept(let path):
            sink.error(node.mark, "'\(path)' is not swept by experiment '\(experiment.name)' (every run has the same value)\(sweptList(experiment))")
        case .unknown:
            let pool = Self.tableWords + metrics + metrics.map { "best.\($0)" } + experiment.parameterNameCandidates
            sink.error(node.mark, "unknown column '\(name)' in '\(field)'\(EditDistance.suggestion(for: name, in: pool)) (a column is a swept parameter, a metric, best.METRIC, epochs, seconds or status)")
        }
        return nil
    }

    // MARK: compare

    func compare(_ node: YAMLNode) -> CompareCell? {
        reader.checkKeys(node, allowed: Self.compareKeys, context: "a compare cell")
        var sides: [CompareCell.Side] = []
        var ok = true
        if let experimentsNode = node["experiments"] {
            guard experimentsNode.items != nil else {
                sink.error(experimentsNode.mark, "'experiments' must be a list of experiment names, such as [baseline, wider]")
                return nil
            }
            let names = experimentNames(experimentsNode, field: "experiments")
            ok = names.count == experimentsNode.items?.count
            sides = names.map(CompareCell.Side.experiment)
        }
        if let baselineNode = node["baseline"] {
            if let side = baseline(baselineNode) { sides.append(side) } else { ok = false }
        }
        if ok && sides.count < 2 {
            sink.error(node.mark, "a compare cell needs two sides: 'experiments: [A, B]', or 'experiments: [A]' and a 'baseline: {results: path/to/results.json}'")
            ok = false
        }
        let local = sides.compactMap { side -> Experiment? in
            if case .experiment(let name) = side { return experiments[name] }
            return nil
        }
        // Checked even when a side is wrong, so every problem of the cell shows at once.
        var metricName: String?
        if let metricNode = node["metric"] {
            metricName = metric(metricNode, field: "metric", in: local)
            if metricName == nil { ok = false }
        }
        let title = node["title"].flatMap { text($0, "title") }
        let caption = node["caption"].flatMap { text($0, "caption") }
        guard ok else { return nil }
        return CompareCell(sides: sides, metric: metricName, title: title, caption: caption, mark: node.mark)
    }

    /// `{results: path/to/results.json, experiment: NAME}`; the path is relative to the notebook.
    func baseline(_ node: YAMLNode) -> CompareCell.Side? {
        guard node.pairs != nil else {
            sink.error(node.mark, "'baseline' must be a mapping {results: path/to/results.json, experiment: NAME}")
            return nil
        }
        reader.checkKeys(node, allowed: Self.baselineKeys, context: "'baseline'")
        guard let resultsNode = node["results"] else {
            sink.error(node.mark, "'baseline' needs 'results': the path of another notebook's results.json")
            return nil
        }
        guard let path = reader.string(resultsNode, "baseline.results") else { return nil }
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : baseDirectory.appendingPathComponent(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            sink.error(resultsNode.mark, "no results file '\(path)' (looked for \(url.standardizedFileURL.path)); a baseline names the results.json of a notebook that has run")
            return nil
        }
        let experiment = node["experiment"].flatMap { reader.string($0, "baseline.experiment") }
        if node["experiment"] != nil && experiment == nil { return nil }
        return .baseline(resultsPath: path, experiment: experiment)
    }

    // MARK: names

    func experimentName(_ node: YAMLNode, field: String) -> String? {
        guard let name = reader.string(node, field) else { return nil }
        if experiments[name] != nil { return name }
        if !declared.contains(name) {
            let known = declared.sorted()
            sink.error(node.mark, "unknown experiment '\(name)'\(EditDistance.suggestion(for: name, in: known)) (experiments of this notebook: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
        }
        return nil
    }

    /// One name or a list of names; only the ones that name a built experiment are returned.
    func experimentNames(_ node: YAMLNode, field: String) -> [String] {
        if let items = node.items {
            if items.isEmpty { sink.error(node.mark, "'\(field)' lists no experiment") }
            return items.compactMap { experimentName($0, field: field) }
        }
        return experimentName(node, field: field).map { [$0] } ?? []
    }

    /// A swept parameter of every experiment in `chosen`, as its dotted path.
    func parameter(_ node: YAMLNode, field: String, in chosen: [Experiment], extra: [String] = []) -> String? {
        guard let name = reader.string(node, field) else { return nil }
        var path: String?
        for experiment in chosen {
            switch experiment.lookUpParameter(name) {
            case .found(let found):
                if let path, path != found {
                    sink.error(node.mark, "'\(name)' is '\(path)' in one experiment and '\(found)' in '\(experiment.name)'; write the dotted name")
                    return nil
                }
                path = found
            case .ambiguous(let paths):
                sink.error(node.mark, "'\(name)' is ambiguous in experiment '\(experiment.name)': write one of \(paths.map { "'\($0)'" }.joined(separator: ", "))")
                return nil
            case .notSwept(let written):
                sink.error(node.mark, "'\(written)' is not swept by experiment '\(experiment.name)' (every run has the same value)\(sweptList(experiment))")
                return nil
            case .unknown:
                let pool = extra + experiment.parameterNameCandidates
                sink.error(node.mark, "unknown parameter '\(name)' in '\(field)' of experiment '\(experiment.name)'\(EditDistance.suggestion(for: name, in: pool))\(sweptList(experiment))")
                return nil
            }
        }
        return path
    }

    func sweptList(_ experiment: Experiment) -> String {
        experiment.parameters.isEmpty ? "; it sweeps no parameter"
            : " (swept: \(experiment.parameters.map { "'\($0.name)'" }.joined(separator: ", ")))"
    }

    /// A metric every experiment in `chosen` reports.
    func metric(_ node: YAMLNode, field: String, in chosen: [Experiment]) -> String? {
        guard let name = reader.string(node, field) else { return nil }
        for experiment in chosen {
            let metrics = experiment.metricNames(catalog: catalog)
            if metrics.contains(name) || Experiment.isPerClassMetric(name) { continue }
            sink.error(node.mark, "unknown metric '\(name)' in '\(field)' for experiment '\(experiment.name)'\(EditDistance.suggestion(for: name, in: metrics)) (expected one of: \(metrics.joined(separator: ", ")))")
            return nil
        }
        return name
    }

    func text(_ node: YAMLNode, _ field: String) -> String? {
        reader.string(node, field)
    }

    // MARK: filter

    /// `{PARAM: VALUE or [VALUES]}`; a value the parameter never takes in the plan is an error
    /// (adaptive searches propose their points as they go: their values are not checked).
    func filter(_ node: YAMLNode, in chosen: [Experiment]) -> CellFilter? {
        guard let pairs = node.pairs else {
            sink.error(node.mark, "'filter' must be a mapping {parameter: value or [values]}, got \(NodeReader.describe(node))")
            return nil
        }
        var conditions: [CellFilter.Condition] = []
        var ok = true
        for pair in pairs {
            guard let path = parameter(pair.key, field: "filter", in: chosen) else { ok = false; continue }
            let taken = takenValues(of: path, in: chosen)
            let written = pair.value.configValue
            var values: [ConfigValue]
            var nodes: [YAMLNode]
            if case .list(let items) = written, !(taken?.contains { CellFilter.matches($0, written) } ?? false) {
                values = items
                nodes = pair.value.items ?? []
            } else {
                values = [written]
                nodes = [pair.value]
            }
            if values.isEmpty { sink.error(pair.value.mark, "'filter.\(pair.key.scalarText ?? "")' lists no value"); ok = false }
            if let taken {
                for (value, valueNode) in zip(values, nodes) where !taken.contains(where: { CellFilter.matches($0, value) }) {
                    let shown = taken.map(\.compactDescription)
                    sink.error(valueNode.mark, "'\(path)' never takes the value \(value.compactDescription)\(EditDistance.suggestion(for: value.compactDescription, in: shown)) (its values: \(shown.joined(separator: ", ")))")
                    ok = false
                }
            }
            conditions.append(CellFilter.Condition(parameter: path, values: values))
        }
        return ok ? CellFilter(conditions: conditions) : nil
    }

    /// The values a parameter takes in the plans, nil when a plan is not fixed at load.
    func takenValues(of path: String, in chosen: [Experiment]) -> [ConfigValue]? {
        guard chosen.allSatisfy({ !$0.growsWithRecords && !$0.variants.isEmpty }) else { return nil }
        var values: [ConfigValue] = []
        for variant in chosen.flatMap(\.variants) {
            guard let value = variant.parameters.first(where: { $0.name == path })?.value else { continue }
            if !values.contains(value) { values.append(value) }
        }
        return values
    }

    // MARK: inline values

    /// Checks the `{{ ... }}` references in a markdown text, each problem where it is written.
    func checkInlineValues(_ node: YAMLNode) {
        guard let text = node.scalarText else { return }
        let scanned = InlineValue.scan(text)
        let scalars = Array(text.unicodeScalars)
        func mark(ordinal: Int, range: Range<Int>, offset: Int) -> SourceMark {
            source.mark(ofReference: ordinal, referenceText: Array(scalars[range]), offsetInReference: offset - range.lowerBound, from: node.mark)
        }
        for problem in scanned.problems {
            sink.error(mark(ordinal: problem.ordinal, range: problem.start..<problem.end, offset: problem.offset), problem.message)
        }
        for value in scanned.values {
            let at = { (offset: Int) in mark(ordinal: value.ordinal, range: value.range, offset: offset) }
            guard let experiment = experiments[value.experiment] else {
                if !declared.contains(value.experiment) {
                    let known = declared.sorted()
                    sink.error(at(value.experimentOffset), "unknown experiment '\(value.experiment)' in an inline value\(EditDistance.suggestion(for: value.experiment, in: known)) (experiments of this notebook: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
                }
                continue
            }
            switch value.quantity {
            case .bestMetric(let name):
                let metrics = experiment.metricNames(catalog: catalog)
                if !metrics.contains(name) && !Experiment.isPerClassMetric(name) {
                    let pool = metrics + InlineValue.bestWords
                    sink.error(at(value.nameOffset), "unknown metric '\(name)' of experiment '\(experiment.name)'\(EditDistance.suggestion(for: name, in: pool)) (after 'best.': a metric (\(metrics.joined(separator: ", "))), params.NAME, label, interval or seeds)")
                }
            case .bestParameter(let name):
                switch experiment.lookUpParameter(name) {
                case .found: break
                case .ambiguous(let paths):
                    sink.error(at(value.nameOffset), "'\(name)' is ambiguous in experiment '\(experiment.name)': write one of \(paths.map { "'\($0)'" }.joined(separator: ", "))")
                case .notSwept(let path):
                    sink.error(at(value.nameOffset), "'\(path)' is not swept by experiment '\(experiment.name)' (every run has the same value)\(sweptList(experiment))")
                case .unknown:
                    sink.error(at(value.nameOffset), "unknown parameter '\(name)' of experiment '\(experiment.name)'\(EditDistance.suggestion(for: name, in: experiment.parameterNameCandidates))\(sweptList(experiment))")
                }
            case .bestInterval, .bestSeeds, .bestLabel, .runs, .planned, .diverged, .failed:
                break
            }
        }
    }
}

extension CellFilter {
    /// Whether a run's value is one a filter names: numbers compare by value (`1` matches `1.0`).
    public static func matches(_ value: ConfigValue, _ written: ConfigValue) -> Bool {
        if let a = value.doubleValue, let b = written.doubleValue { return a == b }
        if case .list(let a) = value, case .list(let b) = written {
            return a.count == b.count && zip(a, b).allSatisfy { matches($0, $1) }
        }
        return value == written
    }

    /// Whether a run with these swept values passes every condition.
    public func admits(_ values: [SweptValue]) -> Bool {
        conditions.allSatisfy { condition in
            guard let value = values.first(where: { $0.name == condition.parameter })?.value else { return false }
            return condition.values.contains { CellFilter.matches(value, $0) }
        }
    }
}
