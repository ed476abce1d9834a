// The SGD, momentum and Nesterov steps without the layer statistics' sums, for the fused training
// passes (Sources/Backprop/Propagation+Fused.swift), vectorised per CPU. The rules are the
// optimizer contract's (Sources/Backprop/Optimizer.swift), whose Swift loop (which also gathers
// the sums) is the reference: only IEEE-exact lane-wise + - * (each rounded once; CKernels is
// built with -ffp-contract=off) in the contract's order, so every width gives the same bits as
// the Swift expression written in that order.
#include "CKernels.h"
#include "gemm_internal.h"

// One element of each rule, shared by every variant. d = g + wd * w, then
//   sgd:      p = w - lr * d
//   momentum: b = first ? d : momentum * b + d;  p = w - lr * b
//   nesterov: b as momentum;                      p = w - lr * (d + momentum * b)
#define GB_SGD_STEP(F, LOAD, STORE, ADD, SUB, MUL, SPLAT)                                               \
    do {                                                                                                \
        const F w = LOAD(p + i);                                                                        \
        const F d = ADD(LOAD(g + i), MUL(SPLAT(weight_decay), w));                                      \
        if (rule == GB_SGD_RULE_PLAIN) {                                                                \
            STORE(p + i, SUB(w, MUL(SPLAT(learning_rate), d)));                                         \
        } else {                                                                                        \
            const F b = first_step ? d : ADD(MUL(SPLAT(momentum), LOAD(buffer + i)), d);                \
            STORE(buffer + i, b);                                                                       \
            const F step = rule == GB_SGD_RULE_NESTEROV ? ADD(d, MUL(SPLAT(momentum), b)) : b;          \
            STORE(p + i, SUB(w, MUL(SPLAT(learning_rate), step)));                                      \
        }                                                                                               \
    } while (0)

#define S_LOAD(x) (*(x))
#define S_STORE(x, y) (*(x) = (y))
#define S_ADD(a, b) ((a) + (b))
#define S_SUB(a, b) ((a) - (b))
#define S_MUL(a, b) ((a) * (b))
#define S_SPLAT(a) (a)

#define GB_SGD_ARGS size_t count, float *p, const float *g, float *buffer, int rule, int first_step, \
    float learning_rate, float weight_decay, float momentum
#define GB_SGD_PASS count, p, g, buffer, rule, first_step, learning_rate, weight_decay, momentum

static void sgd_scalar_from(size_t i, GB_SGD_ARGS) {
    for (; i < count; i++) GB_SGD_STEP(float, S_LOAD, S_STORE, S_ADD, S_SUB, S_MUL, S_SPLAT);
}

#if GB_GEMM_HAVE_X86_KERNELS
#include <immintrin.h>
// Structurally the AVX2 loop at twice the width (not run on CPUs without AVX-512).
#pragma clang attribute push(__attribute__((target("avx2,fma,avx512f"))), apply_to = function)
static void sgd_avx512(GB_SGD_ARGS) {
    size_t i = 0;
    for (; i + 16 <= count; i += 16)
        GB_SGD_STEP(__m512, _mm512_loadu_ps, _mm512_storeu_ps, _mm512_add_ps, _mm512_sub_ps, _mm512_mul_ps,
                    _mm512_set1_ps);
    sgd_scalar_from(i, GB_SGD_PASS);
}
#pragma clang attribute pop

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
static void sgd_avx2(GB_SGD_ARGS) {
    size_t i = 0;
    for (; i + 8 <= count; i += 8)
        GB_SGD_STEP(__m256, _mm256_loadu_ps, _mm256_storeu_ps, _mm256_add_ps, _mm256_sub_ps, _mm256_mul_ps,
                    _mm256_set1_ps);
    sgd_scalar_from(i, GB_SGD_PASS);
}
#pragma clang attribute pop
#endif

int gb_sgd_update_with_kernel(int kernel, GB_SGD_ARGS) {
    if (!gb_gemm_kernel_available(kernel)) return -1;
    if (kernel == GB_GEMM_KERNEL_AUTO) kernel = gb_gemm_selected_kernel();
    switch (kernel) {
#if GB_GEMM_HAVE_X86_KERNELS
    case GB_GEMM_KERNEL_AVX512:
        sgd_avx512(GB_SGD_PASS);
        return 0;
    case GB_GEMM_KERNEL_AVX2:
        sgd_avx2(GB_SGD_PASS);
        return 0;
#endif
    default:
        sgd_scalar_from(0, GB_SGD_PASS);
        return 0;
    }
}

void gb_sgd_update(GB_SGD_ARGS) { (void)gb_sgd_update_with_kernel(GB_GEMM_KERNEL_AUTO, GB_SGD_PASS); }
