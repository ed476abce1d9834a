#include "CKernels.h"
#include <math.h>

void gb_gemm_reference(size_t m, size_t n, size_t k,
                       const float *a, size_t a_row_stride, size_t a_col_stride,
                       const float *b, size_t ldb,
                       float *c, size_t ldc, int accumulate) {
    for (size_t i = 0; i < m; i++) {
        for (size_t j = 0; j < n; j++) {
            float sum = accumulate ? c[i * ldc + j] : 0.0f;
            for (size_t p = 0; p < k; p++) {
                sum = fmaf(a[i * a_row_stride + p * a_col_stride], b[p * ldb + j], sum);
            }
            c[i * ldc + j] = sum;
        }
    }
}

// Until the vector kernels land, the reference is the dispatch target.
void gb_gemm(size_t m, size_t n, size_t k,
             const float *a, size_t a_row_stride, size_t a_col_stride,
             const float *b, size_t ldb,
             float *c, size_t ldc, int accumulate) {
    gb_gemm_reference(m, n, k, a, a_row_stride, a_col_stride, b, ldb, c, ldc, accumulate);
}

const char *gb_gemm_kernel_name(void) { return "scalar"; }
