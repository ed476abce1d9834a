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
GB_ALWAYS_INLINE float gb_sigmoid_parts(float x, float *exp_term, int *far_left) {
    // Below -20, 1 + e^-x rounds to e^-x: sigmoid = e^x, which also stays finite where e^-x
    // overflows (x < -88.7) and sigmoid is still a normal float.
    const int left = x < -20.0f;
    const float e = gb_exp_biased(left ? x : -x, left ? 64 : 0);
    *exp_term = e;
    *far_left = left;
    return left ? e * GB_UNBIAS : 1.0f / (1.0f + e);
}

/// Phi(x) = 1/2 + x C(x^2) for |x| < 1, C the Taylor series of the normal CDF to x^16
/// (truncation below 3e-10 relative); the tail form loses a few ulp near 0, this one does not.
GB_ALWAYS_INLINE float gb_normal_central(float x) {
    const float z = x * x;
    float c = 0x1.3878b8p-29f;
    c = GB_FMA(c, z, -0x1.62226ap-25f);
    c = GB_FMA(c, z, 0x1.658a22p-21f);
    c = GB_FMA(c, z, -0x1.3ce8fap-17f);
    c = GB_FMA(c, z, 0x1.e42b0ep-14f);
    c = GB_FMA(c, z, -0x1.374040p-10f);
    c = GB_FMA(c, z, 0x1.46d042p-7f);
    c = GB_FMA(c, z, -0x1.105838p-4f);
    c = GB_FMA(c, z, 0x1.988454p-2f);
    return GB_FMA(x, c, 0.5f);
}

GB_ALWAYS_INLINE float gb_forward1(int function, float x) {
    float e, gauss;
    int left;
    switch (function) {
    case GB_ACTIVATION_ELU:
        return x > 0.0f ? x : gb_expm1_1(x);
    case GB_ACTIVATION_GELU: {
        // x Phi(x): Phi(x) = 1 - tail for x >= 0, tail for x < 0 (multiplied in an order that keeps
        // every intermediate normal where the result is).
        const float a = x < 0.0f ? -x : x;
        const float g = gb_normal_tail(a, &gauss);
        const float tail_form = x < 0.0f ? ((x * g) * gauss) * GB_UNBIAS : x * (1.0f - (g * gauss) * GB_UNBIAS);
        return a < 1.0f ? x * gb_normal_central(x) : tail_form;
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
GB_ALWAYS_INLINE float gb_derivative1(int function, float x) {
    float e, gauss;
    int left;
    switch (function) {
    case GB_ACTIVATION_ELU:
        return x > 0.0f ? 1.0f : gb_exp1(gb_min(x, 0.0f));
    case GB_ACTIVATION_GELU: {
        const float a = x < 0.0f ? -x : x;
        const float g = gb_normal_tail(a, &gauss);
        const float tail = (g * gauss) * GB_UNBIAS;
        const float cdf = a < 1.0f ? gb_normal_central(x) : (x < 0.0f ? tail : 1.0f - tail);
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

// The one-value entry points. Compiled per instruction set too: the baseline x86-64 build has no
// FMA instruction, so its fmaf is a (correct but slow) software routine; the AVX2 / AVX-512
// builds of the same code use the hardware instruction and give the same bits.
enum {
    GB_OP_DERIVATIVE = 16, // + GB_ACTIVATION_*: the derivative
    GB_OP_EXP = 32,
    GB_OP_LOG,
    GB_OP_EXPM1,
    GB_OP_TANH,
    GB_OP_SOFTPLUS,
    GB_OP_SIGMOID,
};

#define GB_SCALAR_OPS(SUFFIX)                                                                         \
    static float scalar_op_##SUFFIX(int op, float x) {                                                \
        float e;                                                                                      \
        int left;                                                                                     \
        switch (op) {                                                                                 \
        case GB_OP_EXP: return gb_exp1(x);                                                            \
        case GB_OP_LOG: return gb_log1(x);                                                            \
        case GB_OP_EXPM1: return gb_expm1_1(x);                                                       \
        case GB_OP_TANH: return gb_tanh1(x);                                                          \
        case GB_OP_SOFTPLUS: return gb_softplus_core(x);                                              \
        case GB_OP_SIGMOID: return gb_sigmoid_parts(x, &e, &left);                                    \
        default:                                                                                      \
            return op >= GB_OP_DERIVATIVE ? gb_derivative1(op - GB_OP_DERIVATIVE, x) : gb_forward1(op, x); \
        }                                                                                             \
    }

GB_SCALAR_OPS(scalar)
#if GB_GEMM_HAVE_X86_KERNELS
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
GB_SCALAR_OPS(fma)
#pragma clang attribute pop
#endif

static float scalar_op(int op, float x) {
#if GB_GEMM_HAVE_X86_KERNELS
    if (gb_gemm_selected_kernel() != GB_GEMM_KERNEL_SCALAR) return scalar_op_fma(op, x);
#endif
    return scalar_op_scalar(op, x);
}

float gb_activation1(int function, float x) { return scalar_op(function, x); }
float gb_activation_derivative1(int function, float x) { return scalar_op(GB_OP_DERIVATIVE + function, x); }
float gb_expf(float x) { return scalar_op(GB_OP_EXP, x); }
float gb_logf(float x) { return scalar_op(GB_OP_LOG, x); }
float gb_expm1f(float x) { return scalar_op(GB_OP_EXPM1, x); }
float gb_tanhf(float x) { return scalar_op(GB_OP_TANH, x); }
float gb_softplusf(float x) { return scalar_op(GB_OP_SOFTPLUS, x); }
float gb_sigmoidf(float x) { return scalar_op(GB_OP_SIGMOID, x); }
