import Backprop
import CKernels
import Core
import Testing

// gb_gemm's contract: every kernel computes each C element as one sequential fused multiply-add
// chain, so every kernel must equal gb_gemm_reference_ex BIT FOR BIT (not within a tolerance).

/// Every kernel this machine can run (AUTO included: it is what the engine calls).
let runnableGemmKernels: [Int32] = [GB_GEMM_KERNEL_AUTO, GB_GEMM_KERNEL_SCALAR, GB_GEMM_KERNEL_AVX2, GB_GEMM_KERNEL_AVX512]
    .filter { gb_gemm_kernel_available($0) == 1 }

@Test func everyKernelMatchesTheReferenceBitForBitOnRandomShapes() {
    var generator = SeededGenerator(seed: 3, stream: "gemm-shapes")
    let interesting = [1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 97, 130]
    var cases: [GemmCase] = []
    for index in 0..<160 {
        let m = interesting[generator.nextInt(below: interesting.count)]
        let n = interesting[generator.nextInt(below: interesting.count)]
        // Now and then a k longer than the kernels' k-blocks (at most 256 for AVX2, 128 for
        // AVX-512, cut into equal blocks), so the chain resumes from C after an even or uneven cut.
        let k = index % 16 == 0 ? 256 + generator.nextInt(below: 300)
            : index % 16 == 8 ? 129 + generator.nextInt(below: 127) : generator.nextInt(below: 70)
        cases.append(GemmCase(m: m, n: n, k: k, aLayout: GemmCase.Layout.allCases[index % 3],
                              bLayout: GemmCase.Layout.allCases[(index / 3) % 3],
                              accumulate: index % 2 == 1, seed: UInt64(index)))
    }
    for kernel in runnableGemmKernels {
        for gemmCase in cases {
            #expect(gemmCase.kernelMatchesReference(kernel), "kernel \(kernel): \(gemmCase)")
        }
    }
}

@Test(arguments: [
    // (m, n, k, transposed A, transposed B): the engine's products for W1 (64-128-64-10, batch 32)
    // and W2 (784-512-512-10, batch 128): forward, dX = dY * W^T, dW = X^T * dY.
    (32, 128, 64, false, false), (32, 64, 128, false, false), (32, 10, 64, false, false),
    (32, 128, 64, false, true), (32, 64, 10, false, true),
    (64, 128, 32, true, false), (128, 64, 32, true, false), (64, 10, 32, true, false),
    (128, 512, 784, false, false), (128, 10, 512, false, false), (128, 512, 512, false, true),
    (784, 512, 128, true, false), (512, 10, 128, true, false),
])
func everyKernelMatchesTheReferenceOnTheBenchmarkShapes(m: Int, n: Int, k: Int, transposedA: Bool, transposedB: Bool) {
    for accumulate in [false, true] {
        let gemmCase = GemmCase(m: m, n: n, k: k, aLayout: transposedA ? .transposed : .rowMajor,
                                bLayout: transposedB ? .transposed : .rowMajor, accumulate: accumulate,
                                seed: UInt64(m * 1_000_003 + n * 1009 + k), padding: 0)
        for kernel in runnableGemmKernels {
            #expect(gemmCase.kernelMatchesReference(kernel), "kernel \(kernel): \(gemmCase)")
        }
    }
}

@Test func gbGemmIsTheReferenceForARowMajorB() {
    let gemmCase = GemmCase(m: 19, n: 37, k: 300, aLayout: .rowMajor, bLayout: .rowMajor, accumulate: true, seed: 9)
    var fast = gemmCase.c
    var reference = gemmCase.c
    gemmCase.a.withUnsafeBufferPointer { a in
        gemmCase.b.withUnsafeBufferPointer { b in
            gb_gemm(gemmCase.m, gemmCase.n, gemmCase.k, a.baseAddress, gemmCase.aRowStride, gemmCase.aColumnStride,
                    b.baseAddress, gemmCase.bRowStride, &fast, gemmCase.ldc, 1)
            gb_gemm_reference(gemmCase.m, gemmCase.n, gemmCase.k, a.baseAddress, gemmCase.aRowStride,
                              gemmCase.aColumnStride, b.baseAddress, gemmCase.bRowStride, &reference, gemmCase.ldc, 1)
        }
    }
    #expect(fast.map(\.bitPattern) == reference.map(\.bitPattern))
}

/// 1 + 2^-12 times 1 - 2^-12 is 1 - 2^-24: fused, adding -1 gives exactly -2^-24; a separate
/// multiply rounds the product to 1 and gives 0. So this fails if any kernel does not fuse.
@Test func everyKernelFusesTheMultiplyAdd() {
    let n = 40 // two full AVX-512 vectors and a masked tail
    let a: [Float] = [1 + 0x1p-12, 1 + 0x1p-12, 1 + 0x1p-12]
    let b = [Float](repeating: 1 - 0x1p-12, count: n)
    for kernel in runnableGemmKernels {
        var c = [Float](repeating: -1, count: 3 * n)
        let status = gb_gemm_with_kernel(kernel, 3, n, 1, a, 1, 1, b, n, 1, &c, n, 1)
        #expect(status == 0)
        #expect(c.allSatisfy { $0 == -0x1p-24 }, "kernel \(kernel) gave \(c.prefix(3))")
    }
}

@Test func anEmptyInnerDimensionZeroesOrKeepsC() {
    for kernel in runnableGemmKernels {
        var overwritten = [Float](repeating: 7, count: 6)
        var kept = [Float](repeating: 7, count: 6)
        let empty: [Float] = [0]
        gb_gemm_with_kernel(kernel, 2, 3, 0, empty, 1, 1, empty, 3, 1, &overwritten, 3, 0)
        gb_gemm_with_kernel(kernel, 2, 3, 0, empty, 1, 1, empty, 3, 1, &kept, 3, 1)
        #expect(overwritten.allSatisfy { $0 == 0 && $0.sign == .plus }, "kernel \(kernel)")
        #expect(kept == [Float](repeating: 7, count: 6), "kernel \(kernel)")
    }
}

@Test func anUnknownKernelIsRefusedAndLeavesCUntouched() {
    var c: [Float] = [5, 5]
    let one: [Float] = [1]
    #expect(gb_gemm_kernel_available(42) == 0)
    #expect(gb_gemm_with_kernel(42, 1, 2, 1, one, 1, 1, [1, 1], 2, 1, &c, 2, 0) == -1)
    #expect(c == [5, 5])
}

/// One test (not several) because gb_gemm_set_kernel is process-wide state.
@Test func theKernelNameFollowsTheSelectionAndTheOverride() {
    let expected: [Int32: String] = [GB_GEMM_KERNEL_AVX512: "avx512", GB_GEMM_KERNEL_AVX2: "avx2", GB_GEMM_KERNEL_SCALAR: "scalar"]
    #expect(expected[gb_gemm_selected_kernel()] == String(cString: gb_gemm_kernel_name()))
    #expect(gb_gemm_kernel_available(gb_gemm_selected_kernel()) == 1)
    #expect(gb_gemm_kernel_available(GB_GEMM_KERNEL_SCALAR) == 1)

    // Forcing a kernel changes which code runs (results are the same bits by contract).
    #expect(gb_gemm_set_kernel(GB_GEMM_KERNEL_SCALAR) == 0)
    #expect(String(cString: gb_gemm_kernel_name()) == "scalar")
    #expect(gb_gemm_set_kernel(42) == -1)
    #expect(String(cString: gb_gemm_kernel_name()) == "scalar")
    #expect(gb_gemm_set_kernel(GB_GEMM_KERNEL_AUTO) == 0)
    #expect(expected[gb_gemm_selected_kernel()] == String(cString: gb_gemm_kernel_name()))
}
