import Core
import Notebook
import Records

// Which runs a cell shows and by which metric they rank: an experiment's runs narrowed by the
// cell's `filter` and grouped over seeds by `ExperimentResults`, ranked by the cell's metric.

extension CellFilter {
    /// `admits` for a run record's parameters (a dictionary); the rule is the loader's `matches`.
    func admits(_ parameters: [String: ConfigValue]) -> Bool {
        conditions.allSatisfy { condition in
            guard let value = parameters[condition.parameter] else { return false }
            return condition.values.contains { CellFilter.matches(value, $0) }
        }
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
