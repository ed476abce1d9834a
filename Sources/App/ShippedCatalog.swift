import Core
import Datasets
import Notebook
import Records

extension DatasetCatalog {
    /// The data sets gradbook ships, as the Datasets module's catalogue describes them, and the
    /// headers of CSV files (so column names are checked at validation).
    public static var shipped: DatasetCatalog {
        var tasks: [String: LearningTask] = [:]
        var shapes: [String: (samples: Int, features: Int, outputs: Int)] = [:]
        for info in DatasetLoader.catalog {
            tasks[info.name] = info.task
            shapes[info.name] = (info.samples, info.features, info.outputs)
        }
        return DatasetCatalog(tasks: tasks, shapes: shapes, csvColumns: CSVHeaderReader.columns(of:))
    }
}
