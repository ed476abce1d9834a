// gb_momentum_update: torch.optim.SGD's momentum / Nesterov step over a flat parameter buffer,
// vectorised per CPU. Only IEEE-exact lane-wise operations (each rounded once, no fusing: CKernels
// is built with -ffp-contract=off) in one fixed order, so every width gives the same bits.
#include "CKernels.h"
#include "gemm_internal.h"

#define GB_MOMENTUM_STEP(F, LOAD, STORE, ADD, SUB, MUL, SPLAT)                                      \
    do {                                                                                              \
        const F w = LOAD(p + i);                                                                      \
        const F d = ADD(LOAD(g + i), MUL(SPLAT(weight_decay), w));                                    \
        const F b = first_step ? d : ADD(MUL(SPLAT(momentum), LOAD(buffer + i)), d);                  \
        STORE(buffer + i, b);                                                                         \
        STORE(p + i, SUB(w, MUL(SPLAT(learning_rate), nesterov ? ADD(d, MUL(SPLAT(momentum), b)) : b))); \
    } while (0)

#define S_LOAD(x) (*(x))
#define S_STORE(x, y) (*(x) = (y))
#define S_ADD(a, b) ((a) + (b))
#define S_SUB(a, b) ((a) - (b))
#define S_MUL(a, b) ((a) * (b))
#define S_SPLAT(a) (a)

#define GB_MOMENTUM_ARGS size_t count, float *p, const float *g, float *buffer, float learning_rate, \
    float weight_decay, float momentum, int first_step, int nesterov
#define GB_MOMENTUM_PASS count, p, g, buffer, learning_rate, weight_decay, momentum, first_step, nesterov

static void momentum_scalar_from(size_t i, GB_MOMENTUM_ARGS) {
    for (; i < count; i++) GB_MOMENTUM_STEP(float, S_LOAD, S_STORE, S_ADD, S_SUB, S_MUL, S_SPLAT);
}

#if GB_GEMM_HAVE_X86_KERNELS
#include <immintrin.h>
#pragma clang attribute push(__attribute__((target("avx2,fma,avx512f"))), apply_to = function)
static void momentum_avx512(GB_MOMENTUM_ARGS) {
    size_t i = 0;
    for (; i + 16 <= count; i += 16)
        GB_MOMENTUM_STEP(__m512, _mm512_loadu_ps, _mm512_storeu_ps, _mm512_add_ps, _mm512_sub_ps, _mm512_mul_ps,
                         _mm512_set1_ps);
    momentum_scalar_from(i, GB_MOMENTUM_PASS);
}
#pragma clang attribute pop

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
static void momentum_avx2(GB_MOMENTUM_ARGS) {
    size_t i = 0;
    for (; i + 8 <= count; i += 8)
        GB_MOMENTUM_STEP(__m256, _mm256_loadu_ps, _mm256_storeu_ps, _mm256_add_ps, _mm256_sub_ps, _mm256_mul_ps,
                         _mm256_set1_ps);
    momentum_scalar_from(i, GB_MOMENTUM_PASS);
}
#pragma clang attribute pop
#endif

int gb_momentum_update_with_kernel(int kernel, GB_MOMENTUM_ARGS) {
    if (!gb_gemm_kernel_available(kernel)) return -1;
    if (kernel == GB_GEMM_KERNEL_AUTO) kernel = gb_gemm_selected_kernel();
    switch (kernel) {
#if GB_GEMM_HAVE_X86_KERNELS
    case GB_GEMM_KERNEL_AVX512:
        momentum_avx512(GB_MOMENTUM_PASS);
        return 0;
    case GB_GEMM_KERNEL_AVX2:
        momentum_avx2(GB_MOMENTUM_PASS);
        return 0;
#endif
    default:
        momentum_scalar_from(0, GB_MOMENTUM_PASS);
        return 0;
    }
}

void gb_momentum_update(GB_MOMENTUM_ARGS) {
    (void)gb_momentum_update_with_kernel(GB_GEMM_KERNEL_AUTO, GB_MOMENTUM_PASS);
}
