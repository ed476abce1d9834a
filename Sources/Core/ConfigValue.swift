/// A configuration value as it appears in a notebook after YAML parsing and defaults merging:
/// the tree written into run records (`config.training.learning_rate`) and hashed into variant ids.
public enum ConfigValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([ConfigValue])
    /// Keys keep their notebook order; canonical forms sort them.
    case map([ConfigEntry])
}

public struct ConfigEntry: Sendable, Hashable {
    public var key: String
    public var value: ConfigValue
    public init(key: String, value: ConfigValue) {
        self.key = key
        self.value = value
    }
}

extension ConfigValue {
    /// The value at a dotted path such as `training.learning_rate`.
    public func value(at path: String) -> ConfigValue? {
        var current = self
        for component in path.split(separator: ".") {
            guard case .map(let entries) = current,
                  let entry = entries.first(where: { $0.key == component }) else { return nil }
            current = entry.value
        }
        return current
    }

    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }
}
