import Backprop
import CKernels
import Core

/// One gemm problem with its operands laid out in memory the way a caller might: row-major with
/// padded rows, transposed, or with both strides non-unit; C has padded rows whose contents must
/// survive the call (the comparison covers the whole buffer, so stray writes are caught too).
struct GemmCase: CustomStringConvertible {
    enum Layout: CaseIterable { case rowMajor, transposed, strided }

    let m: Int, n: Int, k: Int
    let aLayout: Layout, bLayout: Layout
    let accumulate: Bool
    let a: [Float], b: [Float], c: [Float]
    let aRowStride: Int, aColumnStride: Int
    let bRowStride: Int, bColumnStride: Int
    let ldc: Int

    init(m: Int, n: Int, k: Int, aLayout: Layout, bLayout: Layout, accumulate: Bool, seed: UInt64, padding: Int = 3) {
        self.m = m
        self.n = n
        self.k = k
        self.aLayout = aLayout
        self.bLayout = bLayout
        self.accumulate = accumulate
        var generator = SeededGenerator(seed: seed, stream: "gemm-case")
        (aRowStride, aColumnStride) = Self.strides(rows: m, columns: k, layout: aLayout, padding: padding)
        (bRowStride, bColumnStride) = Self.strides(rows: k, columns: n, layout: bLayout, padding: padding)
        ldc = n + padding
        a = Self.values(count: Self.extent(rows: m, columns: k, aRowStride, aColumnStride), &generator)
        b = Self.values(count: Self.extent(rows: k, columns: n, bRowStride, bColumnStride), &generator)
        c = Self.values(count: m * ldc, &generator)
    }

    /// Runs `kernel` and the reference on copies of C; true when every bit of C agrees.
    func kernelMatchesReference(_ kernel: Int32) -> Bool {
        var fast = c
        var reference = c
        let status = gb_gemm_with_kernel(kernel, m, n, k, a, aRowStride, aColumnStride, b, bRowStride, bColumnStride,
                                         &fast, ldc, accumulate ? 1 : 0)
        gb_gemm_reference_ex(m, n, k, a, aRowStride, aColumnStride, b, bRowStride, bColumnStride,
                             &reference, ldc, accumulate ? 1 : 0)
        return status == 0 && fast.map(\.bitPattern) == reference.map(\.bitPattern)
    }

    var description: String {
        "m=\(m) n=\(n) k=\(k) A \(aLayout) B \(bLayout) accumulate=\(accumulate)"
    }

    private static func strides(rows: Int, columns: Int, layout: Layout, padding: Int) -> (Int, Int) {
        switch layout {
        case .rowMajor: return (columns + padding, 1)
        case .transposed: return (1, rows + padding)
        case .strided: return (2 * columns + padding, 2)
        }
    }

    /// Elements needed to hold the last addressed element (at least one, so pointers are valid).
    private static func extent(rows: Int, columns: Int, _ rowStride: Int, _ columnStride: Int) -> Int {
        guard rows > 0, columns > 0 else { return 1 }
        return (rows - 1) * rowStride + (columns - 1) * columnStride + 1
    }

    /// Values in [-1, 1) scaled by powers of two from 2^-6 to 2^5, so products round in varied ways.
    private static func values(count: Int, _ generator: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in
            let scale = Float(sign: .plus, exponent: generator.nextInt(below: 12) - 6, significand: 1)
            return (generator.nextFloat() * 2 - 1) * scale
        }
    }
}
