/// A value held once by every copy of the struct that stores it: a large struct (a variant's
/// ~1 kB `RunConfig`) kept in a plan, its schedule and the notebook document would otherwise be
/// copied into each, which is most of a 100,000-variant sweep's memory. Copies share one
/// immutable box; setting the value gives this copy a box of its own (value semantics stay).
/// Equality and hashing are the value's; coding is the value's own, so JSON bytes do not change.
@propertyWrapper
public struct SharedValue<Value: Sendable & Hashable>: Sendable, Hashable {
    private final class Box: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box

    public init(wrappedValue: Value) { box = Box(wrappedValue) }

    public var wrappedValue: Value {
        get { box.value }
        set { box = Box(newValue) }
    }

    /// `$name`: the wrapper itself, to share one box between two holders (`job.$config = variant.$config`).
    public var projectedValue: SharedValue {
        get { self }
        set { self = newValue }
    }

    public static func == (lhs: SharedValue, rhs: SharedValue) -> Bool {
        lhs.box === rhs.box || lhs.box.value == rhs.box.value
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(box.value) }
}

extension SharedValue: Codable where Value: Codable {
    public init(from decoder: Decoder) throws {
        self.init(wrappedValue: try decoder.singleValueContainer().decode(Value.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(box.value)
    }
}
