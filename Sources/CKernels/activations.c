// The engine's transcendental activations (forward and backward), the softmax columns of the
// cross-entropy head and scalar entry points, vectorised per CPU. The per-element functions are
// written once (transcendental.h) and only inlined into loops compiled for AVX-512, AVX2+FMA or
// the baseline, so every variant gives the same bits (see CKernels.h).
#include "CKernels.h"
#include "gemm_internal.h"
#include "transcendental.h"

/// 2^-64, undoing gb_exp_biased's bias of 64.
#define GB_UNBIAS 0x1.0p-64f

/// sigmoid(x) = 1 / (1 + e^-x); *exp_term = e^-x, or e^x * 2^64 (far left), *far_left says which.
static inline float gb_sigmoid_parts(float x, float *exp_term, int *far_left) {
    // Below -20, 1 + e^-x rounds to e^-x: sigmoid = e^x, which also stays finite where e^-x
    // overflows (x < -88.7) and sigmoid is still a normal float.
    const int left = x < -20.0f;
    const float e = gb_exp_biased(left ? x : -x, left ? 64 : 0);
    *exp_term = e;
    *far_left = left;
    return left ? e * GB_UNBIAS : 1.0f / (1.0f + e);
}

static inline float gb_forward1(int function, float x) {
    float e, gauss;
    int left;
    switch (function) {
    case GB_ACTIVATION_ELU:
        return x > 0.0f ? x : gb_expm1_1(x);
    case GB_ACTIVATION_GELU: {
        // x Phi(x): Phi(x) = 1 - tail for x >= 0, tail for x < 0 (multiplied in an order that keeps
        // every intermediate normal where the result is).
        const float g = gb_normal_tail(x < 0.0f ? -x : x, &gauss);
        return x < 0.0f ? ((x * g) * gauss) * GB_UNBIAS : x * (1.0f - (g * gauss) * GB_UNBIAS);
    }
    case GB_ACTIVATION_SILU: {
        const float s = gb_sigmoid_parts(x, &e, &left);
        (void)s;
        return left ? (x * e) * GB_UNBIAS : x / (1.0f + e); // PyTorch's x / (1 + e^-x): one rounding
    }
    case GB_ACTIVATION_TANH:
        return gb_tanh1(x);
    case GB_ACTIVATION_SIGMOID:
        return gb_sigmoid_parts(x, &e, &left);
    case GB_ACTIVATION_SOFTPLUS:
        return x > 20.0f ? x : gb_softplus_core(x);
    default:
        return x;
    }
}

/// f'(x), computed from x (not from the rounded forward output, whose 1 - y loses bits where the
/// function saturates).
static inline float gb_derivative1(int function, float x) {
    float e, gauss;
    int left;
    switch (function) {
    case GB_ACTIVATION_ELU:
        return x > 0.0f ? 1.0f : gb_exp1(gb_min(x, 0.0f));
    case GB_ACTIVATION_GELU: {
        const float g = gb_normal_tail(x < 0.0f ? -x : x, &gauss);
        const float tail = (g * gauss) * GB_UNBIAS;
        const float cdf = x < 0.0f ? tail : 1.0f - tail;
        return GB_FMA(x, (gauss * GB_UNBIAS) * 0x1.988454p-2f, cdf); // Phi(x) + x phi(x)
    }
    case GB_ACTIVATION_SILU: {
        const float s = gb_sigmoid_parts(x, &e, &left);
        const float complement = left ? 1.0f - s : e * s; // 1 - s = e^-x / (1 + e^-x), no cancellation
        return s * GB_FMA(x, complement, 1.0f);           // s (1 + x (1 - s))
    }
    case GB_ACTIVATION_TANH: {
        // 1 - tanh^2 = 4w / (1 + w)^2 with w = e^(-2|x|).
        const float w = gb_exp1(-2.0f * (x < 0.0f ? -x : x));
        const float one_plus = 1.0f + w;
        return (4.0f * w) / (one_plus * one_plus);
    }
    case GB_ACTIVATION_SIGMOID: {
        const float s = gb_sigmoid_parts(x, &e, &left);
        return s * (left ? 1.0f - s : e * s);
    }
    case GB_ACTIVATION_SOFTPLUS:
        return x > 20.0f ? 1.0f : gb_sigmoid_parts(x, &e, &left);
    default:
        return 1.0f;
    }
}

// One loop per function with the switch outside, so each loop body is straight-line code the
// compiler vectorises. Instantiated per instruction set below.
#define GB_ACTIVATION_LOOPS(SUFFIX)                                                                   \
    static void forward_##SUFFIX(int function, size_t count, const float *z, float *a) {              \
        switch (function) {                                                                           \
        case GB_ACTIVATION_ELU: for (size_t i = 0; i < count; i++) a[i] = gb_forward1(GB_ACTIVATION_ELU, z[i]); break; \
        case GB_ACTIVATION_GELU: for (size_t i = 0; i < count; i++) a[i] = gb_forward1(GB_ACTIVATION_GELU, z[i]); break; \
        case GB_ACTIVATION_SILU: for (size_t i = 0; i < count; i++) a[i] = gb_forward1(GB_ACTIVATION_SILU, z[i]); break; \
        case GB_ACTIVATION_TANH: for (size_t i = 0; i < count; i++) a[i] = gb_forward1(GB_ACTIVATION_TANH, z[i]); break; \
        case GB_ACTIVATION_SIGMOID: for (size_t i = 0; i < count; i++) a[i] = gb_forward1(GB_ACTIVATION_SIGMOID, z[i]); break; \
        case GB_ACTIVATION_SOFTPLUS: for (size_t i = 0; i < count; i++) a[i] = gb_forward1(GB_ACTIVATION_SOFTPLUS, z[i]); break; \
        default: for (size_t i = 0; i < count; i++) a[i] = z[i]; break;                               \
        }                                                                                             \
    }                                                                                                 \
    static void backward_##SUFFIX(int function, size_t count, const float *z, const float *a, float *d) { \
        (void)a;                                                                                      \
        switch (function) {                                                                           \
        case GB_ACTIVATION_ELU: for (size_t i = 0; i < count; i++) d[i] *= gb_derivative1(GB_ACTIVATION_ELU, z[i]); break; \
        case GB_ACTIVATION_GELU: for (size_t i = 0; i < count; i++) d[i] *= gb_derivative1(GB_ACTIVATION_GELU, z[i]); break; \
        case GB_ACTIVATION_SILU: for (size_t i = 0; i < count; i++) d[i] *= gb_derivative1(GB_ACTIVATION_SILU, z[i]); break; \
        case GB_ACTIVATION_TANH: for (size_t i = 0; i < count; i++) d[i] *= gb_derivative1(GB_ACTIVATION_TANH, z[i]); break; \
        case GB_ACTIVATION_SIGMOID: for (size_t i = 0; i < count; i++) d[i] *= gb_derivative1(GB_ACTIVATION_SIGMOID, z[i]); break; \
        case GB_ACTIVATION_SOFTPLUS: for (size_t i = 0; i < count; i++) d[i] *= gb_derivative1(GB_ACTIVATION_SOFTPLUS, z[i]); break; \
        default: break;                                                                               \
        }                                                                                             \
    }                                                                                                 \
    static void softmax_##SUFFIX(size_t outputs, size_t batch, const float *z, float *e, float *largest, \
                                 float *total, float *log_total) {                                    \
        for (size_t j = 0; j < batch; j++) largest[j] = z[j];                                         \
        for (size_t i = 1; i < outputs; i++)                                                          \
            for (size_t j = 0; j < batch; j++) largest[j] = gb_max(z[i * batch + j], largest[j]);     \
        for (size_t j = 0; j < batch; j++) total[j] = 0.0f;                                           \
        for (size_t i = 0; i < outputs; i++)                                                          \
            for (size_t j = 0; j < batch; j++) {                                                      \
                const float x = gb_exp1(z[i * batch + j] - largest[j]);                               \
                e[i * batch + j] = x;                                                                 \
                total[j] += x;                                                                        \
            }                                                                                         \
        for (size_t j = 0; j < batch; j++) log_total[j] = gb_log1(total[j]) + largest[j];             \
    }

GB_ACTIVATION_LOOPS(scalar)

#if GB_GEMM_HAVE_X86_KERNELS
#pragma clang attribute push(__attribute__((target("avx2,fma,avx512f"))), apply_to = function)
GB_ACTIVATION_LOOPS(avx512)
#pragma clang attribute pop

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
GB_ACTIVATION_LOOPS(avx2)
#pragma clang attribute pop
#endif

int gb_activation_forward_with_kernel(int kernel, int function, size_t count, const float *z, float *a) {
    if (!gb_gemm_kernel_available(kernel)) return -1;
    if (kernel == GB_GEMM_KERNEL_AUTO) kernel = gb_gemm_selected_kernel();
    switch (kernel) {
#if GB_GEMM_HAVE_X86_KERNELS
    case GB_GEMM_KERNEL_AVX512: forward_avx512(function, count, z, a); return 0;
    case GB_GEMM_KERNEL_AVX2: forward_avx2(function, count, z, a); return 0;
#endif
    default: forward_scalar(function, count, z, a); return 0;
    }
}

int gb_activation_backward_with_kernel(int kernel, int function, size_t count, const float *z, const float *a,
                                       float *d) {
    if (!gb_gemm_kernel_available(kernel)) return -1;
    if (kernel == GB_GEMM_KERNEL_AUTO) kernel = gb_gemm_selected_kernel();
    switch (kernel) {
#if GB_GEMM_HAVE_X86_KERNELS
    case GB_GEMM_KERNEL_AVX512: backward_avx512(function, count, z, a, d); return 0;
    case GB_GEMM_KERNEL_AVX2: backward_avx2(function, count, z, a, d); return 0;
#endif
    default: backward_scalar(function, count, z, a, d); return 0;
    }
}

int gb_softmax_columns_with_kernel(int kernel, size_t outputs, size_t batch, const float *z, float *e,
                                   float *largest, float *total, float *log_total) {
    if (!gb_gemm_kernel_available(kernel)) return -1;
    if (kernel == GB_GEMM_KERNEL_AUTO) kernel = gb_gemm_selected_kernel();
    if (outputs == 0 || batch == 0) return 0;
    switch (kernel) {
#if GB_GEMM_HAVE_X86_KERNELS
    case GB_GEMM_KERNEL_AVX512: softmax_avx512(outputs, batch, z, e, largest, total, log_total); return 0;
    case GB_GEMM_KERNEL_AVX2: softmax_avx2(outputs, batch, z, e, largest, total, log_total); return 0;
#endif
    default: softmax_scalar(outputs, batch, z, e, largest, total, log_total); return 0;
    }
}

void gb_activation_forward(int function, size_t count, const float *z, float *a) {
    (void)gb_activation_forward_with_kernel(GB_GEMM_KERNEL_AUTO, function, count, z, a);
}

void gb_activation_backward(int function, size_t count, const float *z, const float *a, float *d) {
    (void)gb_activation_backward_with_kernel(GB_GEMM_KERNEL_AUTO, function, count, z, a, d);
}

void gb_softmax_columns(size_t outputs, size_t batch, const float *z, float *e, float *largest, float *total,
                        float *log_total) {
    (void)gb_softmax_columns_with_kernel(GB_GEMM_KERNEL_AUTO, outputs, batch, z, e, largest, total, log_total);
}

float gb_activation1(int function, float x) { return gb_forward1(function, x); }
float gb_activation_derivative1(int function, float x) { return gb_derivative1(function, x); }
float gb_expf(float x) { return gb_exp1(x); }
float gb_logf(float x) { return gb_log1(x); }
float gb_expm1f(float x) { return gb_expm1_1(x); }
float gb_tanhf(float x) { return gb_tanh1(x); }
float gb_softplusf(float x) { return gb_softplus_core(x); }
float gb_sigmoidf(float x) { float e; int left; return gb_sigmoid_parts(x, &e, &left); }
