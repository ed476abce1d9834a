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

/// Rows of k per block: a k-block of a B strip stays in L1 while every row block of A passes it.
#define GB_GEMM_KC 256

#endif
