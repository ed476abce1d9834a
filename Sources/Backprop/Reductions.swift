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

/// Sum of (x[i] - y[i])^2 and sum of x[i]^2 in one pass.
func sumsOfSquares(difference x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> (difference: Double, first: Double) {
    var partialDifference = SIMD8<Float>()
    var partialFirst = SIMD8<Float>()
    var i = 0
    let rawX = UnsafeRawPointer(x), rawY = UnsafeRawPointer(y)
    while i + 8 <= count {
        let a = rawX.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        let b = rawY.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        let d = a - b
        partialDifference += d * d
        partialFirst += a * a
        i += 8
    }
    var difference = Double(partialDifference.sum()), first = Double(partialFirst.sum())
    while i < count {
        let d = Double(x[i]) - Double(y[i])
        difference += d * d
        first += Double(x[i]) * Double(x[i])
        i += 1
    }
    return (difference, first)
}
