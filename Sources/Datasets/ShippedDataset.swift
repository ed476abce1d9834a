import Backprop

/// The real data sets shipped as CSV files in `experiments/data/`, exported once from the copies that
/// scikit-learn 1.9.1 bundles (see `experiments/data/README.md` for sources and licences). Every file
/// has a header row and a `target` column holding the class name.
enum ShippedDataset: String, CaseIterable, Sendable {
    case iris, wine, breastCancer = "breast_cancer", digits

    var fileName: String { "\(rawValue).csv" }

    /// The shape, so that the catalog needs no file access (a test checks it against the files).
    var shape: (samples: Int, features: Int, classes: Int) {
        switch self {
        case .iris: return (150, 4, 3)
        case .wine: return (178, 13, 3)
        case .breastCancer: return (569, 30, 2)
        case .digits: return (1797, 64, 10)
        }
    }

    var source: String {
        switch self {
        case .iris: return "Fisher's iris (UCI, CC BY 4.0) via scikit-learn"
        case .wine: return "UCI wine recognition (CC BY 4.0) via scikit-learn"
        case .breastCancer: return "UCI breast cancer Wisconsin diagnostic (CC BY 4.0) via scikit-learn"
        case .digits: return "UCI optical digits 8x8, test set (CC BY 4.0) via scikit-learn"
        }
    }

    /// The whole file, optionally only some feature columns (`features:` works as for any CSV).
    func load(features: [String]? = nil) throws -> RawDataset {
        let path = try ShippedDataLocator.path(of: fileName)
        var raw = try CSVLoader.load(DatasetSpec(name: rawValue, csv: path, target: "target", features: features, task: .classification))
        raw.name = rawValue
        return raw
    }
}
