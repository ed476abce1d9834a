import CKernels
import Core
import Testing

/// The naive reference of gb_row_sums: the sequential loop the bias gradients used to be.
private func naiveRowSums(rows: Int, columns: Int, _ src: [Float], lds: Int) -> [Float] {
    (0..<rows).map { r in
        var sum: Float = 0
        for j in 0..<columns { sum += src[r * lds + j] }
        return sum
    }
}

@Test(arguments: [(1, 1), (10, 128), (512, 128), (17, 33), (100, 0), (64, 300), (513, 31)])
func rowSumsAreTheSequentialLoopBitForBit(rows: Int, columns: Int) {
    var generator = SeededGenerator(seed: UInt64(rows * 1000 + columns), stream: "row-sums")
    let lds = columns + 5
    // Mixed magnitudes and signs (and signed zeros), so the order of the additions shows in the bits.
    let src = (0..<max(rows * lds, 1)).map { index -> Float in
        if index % 29 == 0 { return -0.0 }
        let scale = Float(sign: .plus, exponent: generator.nextInt(below: 20) - 10, significand: 1)
        return (generator.nextFloat() * 2 - 1) * scale
    }
    let expected = naiveRowSums(rows: rows, columns: columns, src, lds: lds)
    let pool = gb_gemm_pool_create(2)
    defer { gb_gemm_pool_destroy(pool) }
    for threads in [nil, pool] {
        var sums = [Float](repeating: .nan, count: max(rows, 1))
        gb_row_sums(threads, rows, columns, src, lds, &sums)
        #expect(Array(sums.prefix(rows)).map(\.bitPattern) == expected.map(\.bitPattern),
                "\(rows) x \(columns), pool \(threads == nil ? "none" : "2")")
    }
}
