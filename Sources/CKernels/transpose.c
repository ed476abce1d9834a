// gb_transpose: dst[c * ldd + r] = src[r * lds + c]. Pure data movement, so every variant gives
// the same bytes; the AVX-512 one moves 16 x 16 tiles through registers.
#include "CKernels.h"
#include "gemm_internal.h"

// Tiled so both the reads and the strided writes of a tile stay in L1.
static void transpose_scalar(size_t rows, size_t cols, const float *src, size_t lds, float *dst, size_t ldd) {
    for (size_t r0 = 0; r0 < rows; r0 += 16) {
        const size_t r1 = rows - r0 < 16 ? rows : r0 + 16;
        for (size_t c0 = 0; c0 < cols; c0 += 16) {
            const size_t c1 = cols - c0 < 16 ? cols : c0 + 16;
            for (size_t r = r0; r < r1; r++)
                for (size_t c = c0; c < c1; c++) dst[c * ldd + r] = src[r * lds + c];
        }
    }
}

#if GB_GEMM_HAVE_X86_KERNELS
#pragma clang attribute push(__attribute__((target("avx2,fma,avx512f"))), apply_to = function)
#include "transpose16x16_avx512.h"

static void transpose_avx512(size_t rows, size_t cols, const float *src, size_t lds, float *dst, size_t ldd) {
    for (size_t r0 = 0; r0 < rows; r0 += 16) {
        const size_t rn = rows - r0 < 16 ? rows - r0 : 16;
        const __mmask16 rmask = (__mmask16)((1u << rn) - 1);
        for (size_t c0 = 0; c0 < cols; c0 += 16) {
            const size_t cn = cols - c0 < 16 ? cols - c0 : 16;
            const __mmask16 cmask = (__mmask16)((1u << cn) - 1);
            __m512 tile[16];
            for (size_t r = 0; r < 16; r++)
                tile[r] = r < rn ? _mm512_maskz_loadu_ps(cmask, src + (r0 + r) * lds + c0) : _mm512_setzero_ps();
            transpose16x16(tile);
            for (size_t c = 0; c < cn; c++) _mm512_mask_storeu_ps(dst + (c0 + c) * ldd + r0, rmask, tile[c]);
        }
    }
}

#pragma clang attribute pop
#endif

int gb_transpose_with_kernel(int kernel, size_t rows, size_t cols, const float *src, size_t lds, float *dst, size_t ldd) {
    if (!gb_gemm_kernel_available(kernel)) return -1;
    if (kernel == GB_GEMM_KERNEL_AUTO) kernel = gb_gemm_selected_kernel();
#if GB_GEMM_HAVE_X86_KERNELS
    if (kernel == GB_GEMM_KERNEL_AVX512) {
        transpose_avx512(rows, cols, src, lds, dst, ldd);
        return 0;
    }
#endif
    transpose_scalar(rows, cols, src, lds, dst, ldd);
    return 0;
}

void gb_transpose(size_t rows, size_t cols, const float *src, size_t lds, float *dst, size_t ldd) {
    (void)gb_transpose_with_kernel(GB_GEMM_KERNEL_AUTO, rows, cols, src, lds, dst, ldd);
}
