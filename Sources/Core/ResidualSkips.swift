/// Which hidden layers `model.residual` can wrap in an identity skip: those whose input and
/// output widths are equal (`h + f(h)` needs both the same size). The engine's blocks, the
/// notebook check and the report's note all read this one definition.
public enum ResidualSkips {
    /// One flag per hidden layer: true when layer l's input (`inputSize` for the first) is as wide as its output.
    public static func fit(inputSize: Int, hidden: [Int]) -> [Bool] {
        zip([inputSize] + hidden, hidden).map { $0 == $1 }
    }

    /// True when no hidden layer can take a skip, so `residual: true` changes nothing.
    public static func noneFit(inputSize: Int, hidden: [Int]) -> Bool {
        !fit(inputSize: inputSize, hidden: hidden).contains(true)
    }
}
