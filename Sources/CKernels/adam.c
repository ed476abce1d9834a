// The Adam / AdamW step, all of it (the per-step constants in gb_adam_step, the loop in
// gb_adam_update, vectorised per CPU): the adam / adamw rule of the optimizer contract documented on
// `Optimizer` (Sources/Backprop/Optimizer.swift). Only IEEE-exact lane-wise operations (+ - * /
// sqrt, each rounded once, no fusing: CKernels is built with -ffp-contract=off) in the contract's
// order, so every width gives the same bits, and the same bits as the Swift expression written in
// that order.
#include "CKernels.h"
#include "gemm_internal.h"
#include <math.h>

// The one definition of the step, shared by every variant (elementwise, so width-independent).
#define GB_ADAM_STEP(F, LOAD, STORE, ADD, SUB, MUL, DIV, SQRT, SPLAT)                                \
    do {                                                                                              \
        const F w = MUL(LOAD(p + i), SPLAT(shrink));                                                  \
        const F d = ADD(LOAD(g + i), MUL(SPLAT(l2), w));                                              \
        const F m_old = LOAD(m + i);                                                                  \
        const F m_new = ADD(m_old, MUL(SPLAT(one_minus_beta1), SUB(d, m_old)));                       \
        const F v_new = ADD(MUL(SPLAT(beta2), LOAD(v + i)), MUL(MUL(SPLAT(one_minus_beta2), d), d));  \
        STORE(m + i, m_new);                                                                          \
        STORE(v + i, v_new);                                                                          \
        const F denominator = ADD(DIV(SQRT(v_new), SPLAT(correction2)), SPLAT(epsilon));              \
        STORE(p + i, SUB(w, MUL(SPLAT(step_size), DIV(m_new, denominator))));                         \
    } while (0)

#define S_LOAD(x) (*(x))
#define S_STORE(x, y) (*(x) = (y))
#define S_ADD(a, b) ((a) + (b))
#define S_SUB(a, b) ((a) - (b))
#define S_MUL(a, b) ((a) * (b))
#define S_DIV(a, b) ((a) / (b))
#define S_SPLAT(a) (a)

#define GB_ADAM_ARGS size_t count, float *p, const float *g, float *m, float *v, float shrink, float l2, \
    float one_minus_beta1, float beta2, float one_minus_beta2, float step_size, float correction2, float epsilon
#define GB_ADAM_PASS count, p, g, m, v, shrink, l2, one_minus_beta1, beta2, one_minus_beta2, step_size, correction2, epsilon

static void adam_scalar_from(size_t i, GB_ADAM_ARGS) {
    for (; i < count; i++) GB_ADAM_STEP(float, S_LOAD, S_STORE, S_ADD, S_SUB, S_MUL, S_DIV, sqrtf, S_SPLAT);
}

#if GB_GEMM_HAVE_X86_KERNELS
#include <immintrin.h>
#pragma clang attribute push(__attribute__((target("avx2,fma,avx512f"))), apply_to = function)
static void adam_avx512(GB_ADAM_ARGS) {
    size_t i = 0;
    for (; i + 16 <= count; i += 16)
        GB_ADAM_STEP(__m512, _mm512_loadu_ps, _mm512_storeu_ps, _mm512_add_ps, _mm512_sub_ps, _mm512_mul_ps,
                     _mm512_div_ps, _mm512_sqrt_ps, _mm512_set1_ps);
    adam_scalar_from(i, GB_ADAM_PASS);
}
#pragma clang attribute pop

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
static void adam_avx2(GB_ADAM_ARGS) {
    size_t i = 0;
    for (; i + 8 <= count; i += 8)
        GB_ADAM_STEP(__m256, _mm256_loadu_ps, _mm256_storeu_ps, _mm256_add_ps, _mm256_sub_ps, _mm256_mul_ps,
                     _mm256_div_ps, _mm256_sqrt_ps, _mm256_set1_ps);
    adam_scalar_from(i, GB_ADAM_PASS);
}
#pragma clang attribute pop
#endif

int gb_adam_update_with_kernel(int kernel, GB_ADAM_ARGS) {
    if (!gb_gemm_kernel_available(kernel)) return -1;
    if (kernel == GB_GEMM_KERNEL_AUTO) kernel = gb_gemm_selected_kernel();
    switch (kernel) {
#if GB_GEMM_HAVE_X86_KERNELS
    case GB_GEMM_KERNEL_AVX512:
        adam_avx512(GB_ADAM_PASS);
        return 0;
    case GB_GEMM_KERNEL_AVX2:
        adam_avx2(GB_ADAM_PASS);
        return 0;
#endif
    default:
        adam_scalar_from(0, GB_ADAM_PASS);
        return 0;
    }
}

void gb_adam_update(GB_ADAM_ARGS) {
    (void)gb_adam_update_with_kernel(GB_GEMM_KERNEL_AUTO, GB_ADAM_PASS);
}

// The constants are rounded to float exactly where the contract says: lr, wd, eps, beta1 and beta2
// are converted once, the bias corrections are computed in double (libm pow, correctly rounded
// sqrt; without -ffast-math the compiler may not turn pow into powi) and rounded at the end.
void gb_adam_step(size_t count, float *p, const float *g, float *m, float *v, int decoupled, size_t step,
                  double learning_rate, double beta1, double beta2, float epsilon, float weight_decay) {
    const float lr = (float)learning_rate;
    const double t = (double)step;
    const float shrink = decoupled ? 1.0f - lr * weight_decay : 1.0f;
    const float l2 = decoupled ? 0.0f : weight_decay;
    const float step_size = (float)(learning_rate / (1.0 - pow(beta1, t)));
    const float correction2 = (float)sqrt(1.0 - pow(beta2, t));
    gb_adam_update(count, p, g, m, v, shrink, l2, 1.0f - (float)beta1, (float)beta2, 1.0f - (float)beta2, step_size,
                   correction2, epsilon);
}
