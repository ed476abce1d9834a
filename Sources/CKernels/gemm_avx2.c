// The AVX2+FMA gemm kernel for x86-64 CPUs without AVX-512: vectorised over columns of C (8 per
// ymm), register-blocked GB256_MR rows x GB256_NV vectors, k-blocked by GB_GEMM_KC. Each C element
// is one sequential FMA chain over p (see CKernels.h), bit-identical to gb_gemm_reference.
#include "gemm_internal.h"

#if GB_GEMM_HAVE_X86_KERNELS
#include <immintrin.h>
#include <stdlib.h>

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

#ifndef GB256_MR
#define GB256_MR 6 // rows of C per block (accumulators = MR x NV of the 16 ymm registers)
#endif
#ifndef GB256_NV
#define GB256_NV 2 // ymm vectors of C columns per block
#endif
#define GB256_WIDTH (GB256_NV * 8)

static inline __attribute__((always_inline))
void block256(const int mr, const int nv, const int masked, size_t kc,
              const float *a, size_t ars, size_t acs, const float *b, size_t bstride,
              float *c, size_t ldc, __m256i last, int load_c) {
    __m256 acc[GB256_MR][GB256_NV];
    for (int r = 0; r < mr; r++) {
        for (int v = 0; v < nv; v++) {
            const float *cp = c + r * ldc + v * 8;
            if (!load_c) acc[r][v] = _mm256_setzero_ps();
            else if (masked && v == nv - 1) acc[r][v] = _mm256_maskload_ps(cp, last);
            else acc[r][v] = _mm256_loadu_ps(cp);
        }
    }
    for (size_t p = 0; p < kc; p++) {
        __m256 bv[GB256_NV];
        const float *bp = b + p * bstride;
        for (int v = 0; v < nv; v++) {
            bv[v] = (masked && v == nv - 1) ? _mm256_maskload_ps(bp + v * 8, last) : _mm256_loadu_ps(bp + v * 8);
        }
        const float *ap = a + p * acs;
        for (int r = 0; r < mr; r++) {
            const __m256 av = _mm256_broadcast_ss(ap + r * ars);
            for (int v = 0; v < nv; v++) acc[r][v] = _mm256_fmadd_ps(av, bv[v], acc[r][v]);
        }
    }
    for (int r = 0; r < mr; r++) {
        for (int v = 0; v < nv; v++) {
            float *cp = c + r * ldc + v * 8;
            if (masked && v == nv - 1) _mm256_maskstore_ps(cp, last, acc[r][v]);
            else _mm256_storeu_ps(cp, acc[r][v]);
        }
    }
}

typedef void (*block256_fn)(size_t kc, const float *a, size_t ars, size_t acs, const float *b, size_t bstride,
                            float *c, size_t ldc, __m256i last, int load_c);

#define GB256_DEFINE(MR, NV, MASKED)                                                                   \
    static void block256_##MR##_##NV##_##MASKED(size_t kc, const float *a, size_t ars, size_t acs,     \
                                                 const float *b, size_t bstride, float *c, size_t ldc, \
                                                 __m256i last, int load_c) {                           \
        block256(MR, NV, MASKED, kc, a, ars, acs, b, bstride, c, ldc, last, load_c);                   \
    }
#define GB256_DEFINE_ROWS(NV, MASKED) \
    GB256_DEFINE(1, NV, MASKED) GB256_DEFINE(2, NV, MASKED) GB256_DEFINE(3, NV, MASKED) GB256_DEFINE(4, NV, MASKED) \
    GB256_DEFINE(5, NV, MASKED) GB256_DEFINE(6, NV, MASKED)
GB256_DEFINE_ROWS(1, 0) GB256_DEFINE_ROWS(1, 1)
GB256_DEFINE_ROWS(2, 0) GB256_DEFINE_ROWS(2, 1)
#if GB256_NV >= 3
GB256_DEFINE_ROWS(3, 0) GB256_DEFINE_ROWS(3, 1)
#endif

#define GB256_ROW_TABLE(NV, MASKED) { block256_1_##NV##_##MASKED, block256_2_##NV##_##MASKED, block256_3_##NV##_##MASKED, \
    block256_4_##NV##_##MASKED, block256_5_##NV##_##MASKED, block256_6_##NV##_##MASKED }
// [nv - 1][masked][mr - 1]
static const block256_fn block256_table[GB256_NV][2][6] = {
    { GB256_ROW_TABLE(1, 0), GB256_ROW_TABLE(1, 1) },
    { GB256_ROW_TABLE(2, 0), GB256_ROW_TABLE(2, 1) },
#if GB256_NV >= 3
    { GB256_ROW_TABLE(3, 0), GB256_ROW_TABLE(3, 1) },
#endif
};

// Copies B[0..<kc, 0..<w] (any strides) into `panel` with row stride GB256_WIDTH.
static void pack_b(size_t kc, size_t w, const float *b, size_t brs, size_t bcs, float *panel) {
    if (bcs == 1) {
        for (size_t p = 0; p < kc; p++)
            for (size_t j = 0; j < w; j++) panel[p * GB256_WIDTH + j] = b[p * brs + j];
    } else {
        for (size_t j = 0; j < w; j++)
            for (size_t p = 0; p < kc; p++) panel[p * GB256_WIDTH + j] = b[p * brs + j * bcs];
    }
}

void gb_gemm_avx2(size_t m, size_t n, size_t k,
                  const float *a, size_t a_row_stride, size_t a_col_stride,
                  const float *b, size_t b_row_stride, size_t b_col_stride,
                  float *c, size_t ldc, int accumulate) {
    if (k == 0) {
        if (!accumulate)
            for (size_t i = 0; i < m; i++)
                for (size_t j = 0; j < n; j++) c[i * ldc + j] = 0.0f;
        return;
    }
    const int pack = b_col_stride != 1;
    float *panel = pack ? aligned_alloc(64, sizeof(float) * GB_GEMM_KC * GB256_WIDTH) : NULL;
    if (pack && !panel) abort();
    const size_t k_block = gb_gemm_k_block(k, GB_GEMM_KC);
    for (size_t jc = 0; jc < n; jc += GB256_WIDTH) {
        const size_t w = (n - jc < GB256_WIDTH) ? n - jc : GB256_WIDTH;
        const int nv = (int)((w + 7) / 8);
        const int masked = (w % 8) != 0;
        // Lane l is on when l < w % 8 (the sign bit of each 32-bit lane is the mask).
        const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
        const __m256i last = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(w % 8)), lanes);
        for (size_t pc = 0; pc < k; pc += k_block) {
            const size_t kc = (k - pc < k_block) ? k - pc : k_block;
            const float *bp = b + pc * b_row_stride + jc * b_col_stride;
            size_t bstride = b_row_stride;
            if (pack) {
                pack_b(kc, w, bp, b_row_stride, b_col_stride, panel);
                bp = panel;
                bstride = GB256_WIDTH;
            }
            const int load_c = accumulate || pc > 0;
            for (size_t ic = 0; ic < m; ic += GB256_MR) {
                const size_t mr = (m - ic < GB256_MR) ? m - ic : GB256_MR;
                block256_table[nv - 1][masked][mr - 1](kc, a + ic * a_row_stride + pc * a_col_stride, a_row_stride,
                                                        a_col_stride, bp, bstride, c + ic * ldc + jc, ldc, last, load_c);
            }
        }
    }
    free(panel);
}

#pragma clang attribute pop
#endif
