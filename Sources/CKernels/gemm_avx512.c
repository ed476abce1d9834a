// The AVX-512 gemm kernel: vectorised over columns of C (16 per zmm) in strips of 1-4 vectors,
// register-blocked with ~24 accumulators (16 rows x 1 vector, 12 x 2, 8 x 3 or 6 x 4), and
// k-blocked by GB512_KC. Each C element is still one
// sequential FMA chain over p (see CKernels.h), so results equal gb_gemm_reference bit for bit.
// Compiled for AVX-512 via a target attribute, so the package builds with default flags; the
// dispatcher only calls it when the CPU supports AVX-512F.
#include "gemm_internal.h"

#if GB_GEMM_HAVE_X86_KERNELS
#include <immintrin.h>
#include <stdlib.h>

#pragma clang attribute push(__attribute__((target("avx2,fma,avx512f"))), apply_to = function)
#include "transpose16x16_avx512.h"

#define GB512_MAX_ROWS 16
#define GB512_MAX_VECTORS 4
#define GB512_WIDTH (GB512_MAX_VECTORS * 16) // row stride of a packed B strip
// Rows of k per block: a k-block of the widest B strip (128 x 64 floats, 32 kB) stays in the 48 kB
// L1 of Zen 5 and Sapphire Rapids while every row block of A passes it. GB_GEMM_KC's 256 made it
// 64 kB, streamed from L2 for every row block: on an Intel Xeon the products whose A row blocks
// outlive L2 (W2's first layer, k = 784) ran at 74 GFLOP/s against 114 for k = 512.
#define GB512_KC 128
// Rows per block for a strip of v vectors: about 24 accumulators of the 32 zmm registers, enough
// independent FMA chains to cover the FMA latency on both pipes.
static const size_t rows_for_vectors[GB512_MAX_VECTORS + 1] = {0, 16, 12, 8, 6};

// One block: C[0..<mr, 0..<16*nv] (the last vector masked by `last` when `masked`), chain steps
// p = 0..<kc. Called only with constant mr, nv, masked, so the accumulators live in registers.
static inline __attribute__((always_inline))
void block512(const int mr, const int nv, const int masked, size_t kc,
              const float *a, size_t ars, size_t acs, const float *b, size_t bstride,
              float *c, size_t ldc, __mmask16 last, int load_c) {
    __m512 acc[GB512_MAX_ROWS][GB512_MAX_VECTORS];
    for (int r = 0; r < mr; r++) {
        for (int v = 0; v < nv; v++) {
            const float *cp = c + r * ldc + v * 16;
            if (!load_c) acc[r][v] = _mm512_setzero_ps();
            else if (masked && v == nv - 1) acc[r][v] = _mm512_maskz_loadu_ps(last, cp);
            else acc[r][v] = _mm512_loadu_ps(cp);
        }
    }
    for (size_t p = 0; p < kc; p++) {
        __m512 bv[GB512_MAX_VECTORS];
        const float *bp = b + p * bstride;
        for (int v = 0; v < nv; v++) {
            bv[v] = (masked && v == nv - 1) ? _mm512_maskz_loadu_ps(last, bp + v * 16) : _mm512_loadu_ps(bp + v * 16);
        }
        const float *ap = a + p * acs;
        for (int r = 0; r < mr; r++) {
            const __m512 av = _mm512_set1_ps(ap[r * ars]);
            for (int v = 0; v < nv; v++) acc[r][v] = _mm512_fmadd_ps(av, bv[v], acc[r][v]);
        }
    }
    for (int r = 0; r < mr; r++) {
        for (int v = 0; v < nv; v++) {
            float *cp = c + r * ldc + v * 16;
            if (masked && v == nv - 1) _mm512_mask_storeu_ps(cp, last, acc[r][v]);
            else _mm512_storeu_ps(cp, acc[r][v]);
        }
    }
}

typedef void (*block512_fn)(size_t kc, const float *a, size_t ars, size_t acs, const float *b, size_t bstride,
                            float *c, size_t ldc, __mmask16 last, int load_c);

#define GB512_DEFINE(MR, NV, MASKED)                                                                   \
    static void block512_##MR##_##NV##_##MASKED(size_t kc, const float *a, size_t ars, size_t acs,     \
                                                 const float *b, size_t bstride, float *c, size_t ldc, \
                                                 __mmask16 last, int load_c) {                         \
        block512(MR, NV, MASKED, kc, a, ars, acs, b, bstride, c, ldc, last, load_c);                   \
    }
#define GB512_ROWS_1_TO_6(NV, MASKED) GB512_DEFINE(1, NV, MASKED) GB512_DEFINE(2, NV, MASKED) \
    GB512_DEFINE(3, NV, MASKED) GB512_DEFINE(4, NV, MASKED) GB512_DEFINE(5, NV, MASKED) GB512_DEFINE(6, NV, MASKED)
#define GB512_ROWS_7_TO_8(NV, MASKED) GB512_DEFINE(7, NV, MASKED) GB512_DEFINE(8, NV, MASKED)
#define GB512_ROWS_9_TO_12(NV, MASKED) GB512_DEFINE(9, NV, MASKED) GB512_DEFINE(10, NV, MASKED) \
    GB512_DEFINE(11, NV, MASKED) GB512_DEFINE(12, NV, MASKED)
#define GB512_ROWS_13_TO_16(NV, MASKED) GB512_DEFINE(13, NV, MASKED) GB512_DEFINE(14, NV, MASKED) \
    GB512_DEFINE(15, NV, MASKED) GB512_DEFINE(16, NV, MASKED)
#define GB512_STRIP(NV, ROWS) ROWS(NV, 0) ROWS(NV, 1)
GB512_STRIP(1, GB512_ROWS_1_TO_6) GB512_STRIP(1, GB512_ROWS_7_TO_8) GB512_STRIP(1, GB512_ROWS_9_TO_12)
GB512_STRIP(1, GB512_ROWS_13_TO_16)
GB512_STRIP(2, GB512_ROWS_1_TO_6) GB512_STRIP(2, GB512_ROWS_7_TO_8) GB512_STRIP(2, GB512_ROWS_9_TO_12)
GB512_STRIP(3, GB512_ROWS_1_TO_6) GB512_STRIP(3, GB512_ROWS_7_TO_8)
GB512_STRIP(4, GB512_ROWS_1_TO_6)

#define GB512_F(MR, NV, MASKED) block512_##MR##_##NV##_##MASKED
#define GB512_T6(NV, M) GB512_F(1, NV, M), GB512_F(2, NV, M), GB512_F(3, NV, M), GB512_F(4, NV, M), \
    GB512_F(5, NV, M), GB512_F(6, NV, M)
#define GB512_T8(NV, M) GB512_T6(NV, M), GB512_F(7, NV, M), GB512_F(8, NV, M)
#define GB512_T12(NV, M) GB512_T8(NV, M), GB512_F(9, NV, M), GB512_F(10, NV, M), GB512_F(11, NV, M), GB512_F(12, NV, M)
#define GB512_T16(NV, M) GB512_T12(NV, M), GB512_F(13, NV, M), GB512_F(14, NV, M), GB512_F(15, NV, M), GB512_F(16, NV, M)
// [vectors - 1][masked][rows - 1]; rows beyond rows_for_vectors[vectors] are never used.
static const block512_fn block512_table[GB512_MAX_VECTORS][2][GB512_MAX_ROWS] = {
    { { GB512_T16(1, 0) }, { GB512_T16(1, 1) } },
    { { GB512_T12(2, 0) }, { GB512_T12(2, 1) } },
    { { GB512_T8(3, 0) }, { GB512_T8(3, 1) } },
    { { GB512_T6(4, 0) }, { GB512_T6(4, 1) } },
};

// Copies B[0..<kc, 0..<w] (any strides) into `panel` with row stride GB512_WIDTH. Only copying:
// the chain order of the product is unchanged.
static void pack_b(size_t kc, size_t w, const float *b, size_t brs, size_t bcs, float *panel) {
    if (brs == 1) { // B = W^T with W row-major: transpose 16 x 16 tiles (rows of W are contiguous)
        for (size_t j0 = 0; j0 < w; j0 += 16) {
            const size_t jn = (w - j0 < 16) ? w - j0 : 16;
            for (size_t p0 = 0; p0 < kc; p0 += 16) {
                const size_t pn = (kc - p0 < 16) ? kc - p0 : 16;
                const __mmask16 pmask = (__mmask16)((1u << pn) - 1);
                __m512 tile[16];
                for (size_t j = 0; j < 16; j++)
                    tile[j] = j < jn ? _mm512_maskz_loadu_ps(pmask, b + (j0 + j) * bcs + p0) : _mm512_setzero_ps();
                transpose16x16(tile);
                for (size_t p = 0; p < pn; p++) _mm512_storeu_ps(panel + (p0 + p) * GB512_WIDTH + j0, tile[p]);
            }
        }
    } else if (bcs == 1) {
        for (size_t p = 0; p < kc; p++)
            for (size_t j = 0; j < w; j++) panel[p * GB512_WIDTH + j] = b[p * brs + j];
    } else {
        for (size_t j = 0; j < w; j++)
            for (size_t p = 0; p < kc; p++) panel[p * GB512_WIDTH + j] = b[p * brs + j * bcs];
    }
}

void gb_gemm_avx512(size_t m, size_t n, size_t k,
                    const float *a, size_t a_row_stride, size_t a_col_stride,
                    const float *b, size_t b_row_stride, size_t b_col_stride,
                    float *c, size_t ldc, int accumulate) {
    if (k == 0) {
        if (!accumulate)
            for (size_t i = 0; i < m; i++)
                for (size_t j = 0; j < n; j++) c[i * ldc + j] = 0.0f;
        return;
    }
    // A transposed B must be packed; a row-major B is read in place.
    const int pack = b_col_stride != 1;
    float *panel = pack ? aligned_alloc(64, sizeof(float) * GB512_KC * GB512_WIDTH) : NULL;
    if (pack && !panel) abort();
    const size_t k_block = gb_gemm_k_block(k, GB512_KC);
    // Strips of `strip` vectors; a remainder of 1-3 vectors becomes one narrower last strip.
    const size_t vectors = (n + 15) / 16;
    const size_t strip = vectors <= GB512_MAX_VECTORS ? vectors : (vectors % 4 == 0 || vectors % 3 != 0) ? 4 : 3;
    for (size_t jc = 0; jc < n; jc += strip * 16) {
        const size_t w = (n - jc < strip * 16) ? n - jc : strip * 16;
        const int nv = (int)((w + 15) / 16);
        const size_t rows = rows_for_vectors[nv];
        const int masked = (w % 16) != 0;
        const __mmask16 last = masked ? (__mmask16)((1u << (w % 16)) - 1) : (__mmask16)0xFFFF;
        for (size_t pc = 0; pc < k; pc += k_block) {
            const size_t kc = (k - pc < k_block) ? k - pc : k_block;
            const float *bp = b + pc * b_row_stride + jc * b_col_stride;
            size_t bstride = b_row_stride;
            if (pack) {
                pack_b(kc, w, bp, b_row_stride, b_col_stride, panel);
                bp = panel;
                bstride = GB512_WIDTH;
            }
            const int load_c = accumulate || pc > 0;
            for (size_t ic = 0; ic < m; ic += rows) {
                const size_t mr = (m - ic < rows) ? m - ic : rows;
                block512_table[nv - 1][masked][mr - 1](kc, a + ic * a_row_stride + pc * a_col_stride, a_row_stride,
                                                        a_col_stride, bp, bstride, c + ic * ldc + jc, ldc, last, load_c);
            }
        }
    }
    free(panel);
}

#pragma clang attribute pop
#endif
