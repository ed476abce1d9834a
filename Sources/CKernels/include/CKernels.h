#ifndef GRADBOOK_CKERNELS_H
#define GRADBOOK_CKERNELS_H
#include <stddef.h>

/// C[m, n] (+)= A[m, k] * B[k, n].
/// A is addressed as a[i * a_row_stride + p * a_col_stride] (so a transposed A costs nothing);
/// B is row-major with row stride ldb; C is row-major with row stride ldc.
/// With accumulate == 0, C is overwritten. Every C element is one sequential fused multiply-add
/// chain over p = 0..k-1, so all implementations (scalar reference, AVX2, AVX-512) agree bit for bit.
void gb_gemm(size_t m, size_t n, size_t k,
             const float *a, size_t a_row_stride, size_t a_col_stride,
             const float *b, size_t ldb,
             float *c, size_t ldc, int accumulate);

/// The plain triple loop that defines gb_gemm's result; tests compare the fast path against it.
void gb_gemm_reference(size_t m, size_t n, size_t k,
                       const float *a, size_t a_row_stride, size_t a_col_stride,
                       const float *b, size_t ldb,
                       float *c, size_t ldc, int accumulate);

/// Which kernel gb_gemm dispatches to on this CPU: "avx512", "avx2" or "scalar".
const char *gb_gemm_kernel_name(void);

#endif
