/// `training.class_weight`: how much each class's samples count in a classification loss.
/// `balanced` is scikit-learn's `class_weight="balanced"`: n_samples / (n_classes * count of the
/// class), counted on the run's training split; `classes` maps class labels, as they read in the
/// target column, to weights > 0 (classes left out weigh 1, as in scikit-learn).
public enum ClassWeighting: Sendable, Hashable, Codable {
    case none
    case balanced
    /// Label -> weight, sorted by label (one canonical form for ids).
    case classes([ClassWeight])

    public struct ClassWeight: Sendable, Hashable, Codable {
        public var label: String
        public var weight: Double

        public init(label: String, weight: Double) {
            self.label = label
            self.weight = weight
        }
    }

    public static let words = ["none", "balanced"]

    /// The value in the resolved tree: `none`, `balanced` or `{label: weight, ...}`.
    public var configValue: ConfigValue {
        switch self {
        case .none: return .string("none")
        case .balanced: return .string("balanced")
        case .classes(let weights): return .map(weights.map { ConfigEntry(key: $0.label, value: .double($0.weight)) })
        }
    }

    /// One weight per class index: `names` are the data's class labels, `counts` the training
    /// split's rows per class. Nil for `none`; labels not among `names` are the caller's to reject.
    public func weights(names: [String], counts: [Int]) -> [Double]? {
        switch self {
        case .none:
            return nil
        case .balanced:
            let total = Double(counts.reduce(0, +)), present = Double(counts.filter { $0 > 0 }.count)
            // A class absent from the training split gets weight 1: it contributes no sample anyway.
            return counts.map { $0 > 0 ? total / (present * Double($0)) : 1 }
        case .classes(let given):
            return names.map { name in given.first { $0.label == name }?.weight ?? 1 }
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let word = try? container.decode(String.self) {
            self = word == "balanced" ? .balanced : .none
        } else {
            let table = try container.decode([String: Double].self)
            self = .classes(table.keys.sorted().map { ClassWeight(label: $0, weight: table[$0]!) })
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .none: try container.encode("none")
        case .balanced: try container.encode("balanced")
        case .classes(let weights):
            try container.encode(Dictionary(weights.map { ($0.label, $0.weight) }, uniquingKeysWith: { a, _ in a }))
        }
    }
}
