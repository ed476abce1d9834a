#include "CKernels.h"
#include <math.h>

// The definition of the result: one fmaf chain per element, p ascending (see CKernels.h).
void gb_gemm_reference_ex(size_t m, size_t n, size_t k,
                          const float *a, size_t a_row_stride, size_t a_col_stride,
                          const float *b, size_t b_row_stride, size_t b_col_stride,
                          float *c, size_t ldc, int accumulate) {
    for (size_t i = 0; i < m; i++) {
        for (size_t j = 0; j < n; j++) {
            float sum = accumulate ? c[i * ldc + j] : 0.0f;
            for (size_t p = 0; p < k; p++) {
                sum = fmaf(a[i * a_row_stride + p * a_col_stride], b[p * b_row_stride + j * b_col_stride], sum);
            }
            c[i * ldc + j] = sum;
        }
    }
}

void gb_gemm_reference(size_t m, size_t n, size_t k,
                       const float *a, size_t a_row_stride, size_t a_col_stride,
                       const float *b, size_t ldb,
                       float *c, size_t ldc, int accumulate) {
    gb_gemm_reference_ex(m, n, k, a, a_row_stride, a_col_stride, b, ldb, 1, c, ldc, accumulate);
}
