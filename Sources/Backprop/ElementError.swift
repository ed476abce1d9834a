/// An elementwise error of a prediction against its target, as torch.nn's `MSELoss`, `HuberLoss`
/// and `L1Loss` define it before their mean: value and derivative with respect to the prediction.
enum ElementError: Sendable, Equatable {
    case squared
    /// Quadratic within `delta` of the target, linear beyond (`0.5 d^2` / `delta (|d| - delta / 2)`).
    case huber(delta: Float)
    case absolute

    @inline(__always) func value(_ d: Float) -> Double {
        switch self {
        case .squared: return Double(d) * Double(d)
        case .huber(let delta):
            let size = abs(d)
            return size < delta ? 0.5 * Double(d) * Double(d) : Double(delta) * (Double(size) - 0.5 * Double(delta))
        case .absolute: return Double(abs(d))
        }
    }

    /// d value / d prediction; the absolute error's is 0 at 0, as torch's `sign`.
    @inline(__always) func derivative(_ d: Float) -> Float {
        switch self {
        case .squared: return 2 * d
        case .huber(let delta): return abs(d) < delta ? d : (d > 0 ? delta : -delta)
        case .absolute: return d > 0 ? 1 : (d < 0 ? -1 : 0)
        }
    }
}
