#ifndef GRADBOOK_GEMM_INTERNAL_H
#define GRADBOOK_GEMM_INTERNAL_H
// Private to CKernels: the per-CPU kernels gemm_dispatch.c chooses between.
#include <stddef.h>

#if defined(__x86_64__) || defined(_M_X64)
#define GB_GEMM_HAVE_X86_KERNELS 1
/// Same contract and arguments as gb_gemm_ex; callers guarantee m, n > 0 and that the CPU
/// supports the instruction set.
void gb_gemm_avx512(size_t m, size_t n, size_t k,
                    const float *a, size_t a_row_stride, size_t a_col_stride,
                    const float *b, size_t b_row_stride, size_t b_col_stride,
                    float *c, size_t ldc, int accumulate);
void gb_gemm_avx2(size_t m, size_t n, size_t k,
                  const float *a, size_t a_row_stride, size_t a_col_stride,
                  const float *b, size_t b_row_stride, size_t b_col_stride,
                  float *c, size_t ldc, int accumulate);
#else
#define GB_GEMM_HAVE_X86_KERNELS 0
#endif

/// Rows of k per block of the AVX2 kernel: a k-block of its 16-column B strip (16 kB) stays in L1
/// while every row block of A passes it. (The AVX-512 kernel's wider strips use GB512_KC.)
#define GB_GEMM_KC 256

/// The k-block length for a chain of `k` steps cut into blocks of at most `max_kc`: the blocks are
/// made equal (784 = 7 x 112, not 3 x 256 + 16), so no block is a short tail that reloads and
/// stores its C block for a few steps. Only where the chain pauses changes (C holds the running
/// float between blocks), never its order, so the bits do not depend on it.
static inline size_t gb_gemm_k_block(size_t k, size_t max_kc) {
    const size_t blocks = (k + max_kc - 1) / max_kc;
    return (k + blocks - 1) / blocks;
}

#endif
