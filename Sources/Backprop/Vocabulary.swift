// The closed sets of the engine. Their raw values are the words users write in notebooks; the
// Notebook module validates against these lists (injected by the CLI), so vocabulary, error
// suggestions and docs come from one place.

public enum Activation: String, CaseIterable, Codable, Sendable {
    case identity, relu, leaky_relu, elu, gelu, silu, tanh, sigmoid, softplus

    /// He initialisation suits the rectifier family; the rest default to Glorot.
    public var isReluLike: Bool {
        switch self {
        case .relu, .leaky_relu, .elu, .gelu, .silu: return true
        case .identity, .tanh, .sigmoid, .softplus: return false
        }
    }
}

/// The output layer and its loss, fused: softmax + cross-entropy, sigmoid + binary cross-entropy
/// (from logits), linear + mean squared error.
public enum OutputHead: String, CaseIterable, Codable, Sendable {
    case softmax, sigmoid, linear
}

public enum OptimizerKind: String, CaseIterable, Codable, Sendable {
    case sgd, momentum, nesterov, adam, adamw, rmsprop
}

public enum ScheduleKind: String, CaseIterable, Codable, Sendable {
    case constant, step, exponential, cosine
}

public enum InitScheme: String, CaseIterable, Codable, Sendable {
    case he, glorot, lecun
}

public enum LearningTask: String, CaseIterable, Codable, Sendable {
    case classification, regression

    /// Final metrics a run of this task reports (train_*/val_*/test_* prefixes are added per split).
    public var metricNames: [String] {
        switch self {
        case .classification: return ["loss", "accuracy"]
        case .regression: return ["loss", "mse", "mae", "r2"]
        }
    }
}
