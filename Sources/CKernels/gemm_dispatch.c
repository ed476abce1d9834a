// Chooses the gemm kernel once per process from the CPU's features (see CKernels.h for the
// contract that makes every choice produce the same bits).
#include "CKernels.h"
#include "gemm_internal.h"

static int detect_kernel(void) {
#if GB_GEMM_HAVE_X86_KERNELS
    __builtin_cpu_init();
    // __builtin_cpu_supports also checks that the OS saves the wider register state (XCR0).
    if (__builtin_cpu_supports("avx512f")) return GB_GEMM_KERNEL_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return GB_GEMM_KERNEL_AVX2;
#endif
    return GB_GEMM_KERNEL_SCALAR;
}

// Benign race: every thread computes the same value; relaxed atomics keep the accesses whole.
static int best_kernel = -1;
// The override from gb_gemm_set_kernel (AUTO = none).
static int forced_kernel = GB_GEMM_KERNEL_AUTO;

static int cpu_best_kernel(void) {
    int kernel = __atomic_load_n(&best_kernel, __ATOMIC_RELAXED);
    if (kernel < 0) {
        kernel = detect_kernel();
        __atomic_store_n(&best_kernel, kernel, __ATOMIC_RELAXED);
    }
    return kernel;
}

int gb_gemm_selected_kernel(void) {
    int forced = __atomic_load_n(&forced_kernel, __ATOMIC_RELAXED);
    return forced != GB_GEMM_KERNEL_AUTO ? forced : cpu_best_kernel();
}

int gb_gemm_kernel_available(int kernel) {
    switch (kernel) {
    case GB_GEMM_KERNEL_AUTO:
    case GB_GEMM_KERNEL_SCALAR:
        return 1;
    case GB_GEMM_KERNEL_AVX2:
        return cpu_best_kernel() >= GB_GEMM_KERNEL_AVX2;
    case GB_GEMM_KERNEL_AVX512:
        return cpu_best_kernel() == GB_GEMM_KERNEL_AVX512;
    default:
        return 0;
    }
}

int gb_gemm_set_kernel(int kernel) {
    if (!gb_gemm_kernel_available(kernel)) return -1;
    __atomic_store_n(&forced_kernel, kernel, __ATOMIC_RELAXED);
    return 0;
}

int gb_gemm_with_kernel(int kernel, size_t m, size_t n, size_t k,
                        const float *a, size_t a_row_stride, size_t a_col_stride,
                        const float *b, size_t b_row_stride, size_t b_col_stride,
                        float *c, size_t ldc, int accumulate) {
    if (!gb_gemm_kernel_available(kernel)) return -1;
    if (kernel == GB_GEMM_KERNEL_AUTO) kernel = gb_gemm_selected_kernel();
    if (m == 0 || n == 0) return 0;
    switch (kernel) {
#if GB_GEMM_HAVE_X86_KERNELS
    case GB_GEMM_KERNEL_AVX512:
        gb_gemm_avx512(m, n, k, a, a_row_stride, a_col_stride, b, b_row_stride, b_col_stride, c, ldc, accumulate);
        return 0;
    case GB_GEMM_KERNEL_AVX2:
        gb_gemm_avx2(m, n, k, a, a_row_stride, a_col_stride, b, b_row_stride, b_col_stride, c, ldc, accumulate);
        return 0;
#endif
    default:
        gb_gemm_reference_ex(m, n, k, a, a_row_stride, a_col_stride, b, b_row_stride, b_col_stride, c, ldc, accumulate);
        return 0;
    }
}

void gb_gemm_ex(size_t m, size_t n, size_t k,
                const float *a, size_t a_row_stride, size_t a_col_stride,
                const float *b, size_t b_row_stride, size_t b_col_stride,
                float *c, size_t ldc, int accumulate) {
    (void)gb_gemm_with_kernel(GB_GEMM_KERNEL_AUTO, m, n, k, a, a_row_stride, a_col_stride,
                              b, b_row_stride, b_col_stride, c, ldc, accumulate);
}

void gb_gemm(size_t m, size_t n, size_t k,
             const float *a, size_t a_row_stride, size_t a_col_stride,
             const float *b, size_t ldb,
             float *c, size_t ldc, int accumulate) {
    (void)gb_gemm_with_kernel(GB_GEMM_KERNEL_AUTO, m, n, k, a, a_row_stride, a_col_stride,
                              b, ldb, 1, c, ldc, accumulate);
}

const char *gb_gemm_kernel_name(void) {
    switch (gb_gemm_selected_kernel()) {
    case GB_GEMM_KERNEL_AVX512: return "avx512";
    case GB_GEMM_KERNEL_AVX2: return "avx2";
    default: return "scalar";
    }
}
