import Backprop
import Datasets
import Notebook

extension Vocabulary {
    /// The notebook vocabulary as the engine and the data sets define it: one list, many uses.
    static var engine: Vocabulary {
        var tasks: [String: String] = [:]
        var shapes: [String: (samples: Int, features: Int, outputs: Int)] = [:]
        for info in DatasetLoader.catalog {
            tasks[info.name] = info.task.rawValue
            shapes[info.name] = (info.samples, info.features, info.outputs)
        }
        return Vocabulary(
            activations: Activation.allCases.map(\.rawValue),
            outputs: ["auto"] + OutputHead.allCases.map(\.rawValue),
            optimizers: OptimizerKind.allCases.map(\.rawValue),
            schedules: ScheduleKind.allCases.map(\.rawValue),
            initSchemes: ["auto"] + InitScheme.allCases.map(\.rawValue),
            datasets: tasks,
            datasetShapes: shapes)
    }
}
