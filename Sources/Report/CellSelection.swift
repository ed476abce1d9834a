import Core
import Notebook
import Records

// Which runs a cell shows and by which metric they rank: an experiment's runs narrowed by the
// cell's `filter` and grouped over seeds by `ExperimentResults`, ranked by the cell's metric.

extension CellFilter {
    /// True when every condition holds: the run's value of the parameter is one of the listed values
    /// (numbers compare by value, so `filter: {width: 64}` matches a swept 64.0).
    func admits(_ parameters: [String: ConfigValue]) -> Bool {
        conditions.allSatisfy { condition in
            guard let value = parameters[condition.parameter] else { return false }
            return condition.values.contains { Self.same($0, value) }
        }
    }

    func admits(_ values: [SweptValue]) -> Bool {
        admits(Dictionary(values.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }))
    }

    static func same(_ a: ConfigValue, _ b: ConfigValue) -> Bool {
        if a == b { return true }
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a.canonical == b.canonical
    }

    /// `width = 64 or 128, activation = relu`, for captions.
    var words: String {
        conditions.map { condition in
            let name = condition.parameter.split(separator: ".").last.map(String.init) ?? condition.parameter
            return "\(name) = " + condition.values.map(\.display).joined(separator: " or ")
        }.joined(separator: ", ")
    }
}

extension ExperimentResults {
    /// The experiment's runs that pass `filter`, grouped over seeds and ranked by `metric` (the
    /// experiment's own goal when it is its metric, else the goal the notebook infers for the name).
    init(experiment: Experiment, records: [RunRecord], rankedBy metric: String, filter: CellFilter) {
        var narrowed = experiment
        if metric != experiment.metric.name { narrowed.metric = .named(metric) }
        if !filter.isEmpty { narrowed.variants = experiment.variants.filter { filter.admits($0.parameters) } }
        let kept = filter.isEmpty ? records : records.filter { filter.admits($0.parameters) }
        self.init(experiment: narrowed, records: kept)
    }

    /// `learning_rate` for `training.learning_rate` (the results table's column name).
    func shortName(_ parameter: String) -> String {
        parameterNames.first { $0.name == parameter }?.short
            ?? parameter.split(separator: ".").last.map(String.init) ?? parameter
    }
}
