import Core
import Notebook
import Records

/// What the HParams experiment declares: the columns of the dashboard's table. The plugin shows
/// only declared hparams and metrics, so the lists cover every value any run's session holds.
enum ExperimentDeclaration {
    /// Up to this many distinct numbers are offered as a list to tick; more become an interval.
    static let discreteLimit = 32

    static func hparams(notebook: NotebookDocument, records: [RunRecord]) -> [HParamsPluginData.HParamInfo] {
        let experiments = notebook.experiments
        var infos: [HParamsPluginData.HParamInfo] = []
        if experiments.count > 1 {
            infos.append(.init(name: "experiment", type: .string, description: "the notebook's experiment",
                               values: experiments.map { .string($0.name) }))
        }
        var names: [String] = []
        var summaries: [String: String] = [:]
        for experiment in experiments {
            for parameter in experiment.parameters where summaries[parameter.name] == nil {
                names.append(parameter.name)
                summaries[parameter.name] = parameter.summary
            }
        }
        // Records hold the truth: a parameter an earlier plan swept still has values to show.
        for name in Set(records.flatMap(\.parameters.keys)).sorted() where summaries[name] == nil {
            names.append(name)
            summaries[name] = ""
        }
        for name in names {
            let values = records.compactMap { $0.parameters[name] }.map(RunEventLog.hparamValue)
            infos.append(declaration(name: name, description: summaries[name] ?? "", values: values))
        }
        infos.append(declaration(name: "seed", description: "training seed", values: records.map { .number(Double($0.seed)) }))
        infos.append(.init(name: "label", type: .string, description: "the run's label in the report"))
        infos.append(declaration(name: "status", description: "how the run ended",
                                 values: records.map { .string($0.status.rawValue) }))
        return infos
    }

    /// The final metrics every run has under `final/`: each experiment's metric first, then the rest by name.
    static func metrics(notebook: NotebookDocument, records: [RunRecord]) -> [HParamsPluginData.MetricInfo] {
        var names: [String] = []
        for experiment in notebook.experiments where !names.contains(experiment.metric.name) {
            names.append(experiment.metric.name)
        }
        let goals = Dictionary(notebook.experiments.map { ($0.metric.name, $0.metric.goal) }, uniquingKeysWith: { first, _ in first })
        for name in Set(records.flatMap(\.finalMetrics.keys)).sorted() where !names.contains(name) {
            names.append(name)
        }
        return names.map { name in
            let goal = goals[name].map { " (the experiment's metric: \($0.rawValue))" } ?? ""
            return .init(tag: RunEventLog.finalTag(name), description: "final \(name)\(goal)",
                         datasetType: name.hasPrefix("train_") ? 1 : name.hasPrefix("val_") ? 2 : 0)
        }
    }

    /// The type of the values seen, with their domain: distinct values in a stable order, or for
    /// many distinct numbers their interval.
    static func declaration(name: String, description: String, values: [HParamsPluginData.Value]) -> HParamsPluginData.HParamInfo {
        var numbers: [Double] = [], strings: [String] = [], flags: [Bool] = []
        for value in values {
            switch value {
            case .number(let number): numbers.append(number)
            case .string(let text): strings.append(text)
            case .bool(let flag): flags.append(flag)
            }
        }
        if strings.isEmpty && flags.isEmpty {
            let distinct = Array(Set(numbers)).sorted()
            if distinct.count > discreteLimit, let low = distinct.first, let high = distinct.last {
                return .init(name: name, type: .float64, description: description, interval: low...high)
            }
            return .init(name: name, type: .float64, description: description, values: distinct.map { .number($0) })
        }
        if numbers.isEmpty && strings.isEmpty {
            return .init(name: name, type: .bool, description: description, values: Array(Set(flags)).sorted { !$0 && $1 }.map { .bool($0) })
        }
        if numbers.isEmpty && flags.isEmpty {
            let distinct = Array(Set(strings)).sorted()
            return .init(name: name, type: .string, description: description,
                         values: distinct.count > discreteLimit ? [] : distinct.map { .string($0) })
        }
        // Mixed kinds: declared as text, so the plugin accepts every session's value.
        return .init(name: name, type: .string, description: description)
    }
}
