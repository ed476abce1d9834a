// Reductions over raw buffers with eight independent partial sums, so the loops vectorise (a single
// running sum is a serial dependency chain the compiler may not reorder). The summation order is
// fixed, so results stay deterministic.

/// Sum of x[i]^2.
func sumOfSquares(_ x: UnsafePointer<Float>, count: Int) -> Double {
    var partial = SIMD8<Float>()
    var i = 0
    let raw = UnsafeRawPointer(x)
    while i + 8 <= count {
        let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        partial += v * v
        i += 8
    }
    var total = Double(partial.sum())
    while i < count { total += Double(x[i]) * Double(x[i]); i += 1 }
    return total
}
