#ifndef GRADBOOK_CKERNELS_H
#define GRADBOOK_CKERNELS_H
#include <stddef.h>

/*
 * Single-precision matrix products for the backprop engine.
 *
 * THE CONTRACT (what makes results bit-identical on every machine):
 * every element C[i, j] is computed as ONE sequential chain of fused multiply-adds
 *     s = accumulate ? C[i, j] : +0.0f
 *     for p = 0 .. k-1:  s = fmaf(A[i, p], B[p, j], s)
 *     C[i, j] = s
 * The fast kernels vectorise over j (columns of C) and block over i (rows of C); they never
 * split the k loop into partial sums, never reorder it and never use a non-fused multiply-add.
 * A k-blocked kernel stores s into C and resumes the same chain from C, which is exact because
 * s is a float in registers too. So the AVX-512, AVX2+FMA and scalar kernels all agree with
 * gb_gemm_reference bit for bit, and tests demand exact equality.
 * (CKernels is compiled with -ffp-contract=off so the compiler cannot change this either.)
 *
 * Addressing: A[i, p] = a[i * a_row_stride + p * a_col_stride], so a transposed A costs nothing
 * (pass a_row_stride = 1, a_col_stride = lda). B[p, j] = b[p * ldb + j] for gb_gemm, and
 * b[p * b_row_stride + j * b_col_stride] for gb_gemm_ex (a transposed B is packed internally).
 * C is row-major with row stride ldc. C must not overlap A or B.
 */

/// Which implementation runs a product. AUTO picks the fastest the CPU supports.
#define GB_GEMM_KERNEL_AUTO 0
#define GB_GEMM_KERNEL_SCALAR 1
#define GB_GEMM_KERNEL_AVX2 2
#define GB_GEMM_KERNEL_AVX512 3

/// C[m, n] (+)= A[m, k] * B[k, n]; B row-major with row stride ldb. With accumulate == 0, C is
/// overwritten. Dispatches at run time to the AVX-512, AVX2+FMA or scalar kernel (all bit-identical).
void gb_gemm(size_t m, size_t n, size_t k,
             const float *a, size_t a_row_stride, size_t a_col_stride,
             const float *b, size_t ldb,
             float *c, size_t ldc, int accumulate);

/// gb_gemm with B addressed through two strides: B[p, j] = b[p * b_row_stride + j * b_col_stride].
/// Use b_row_stride = 1, b_col_stride = ldw for B = W^T with W row-major (e.g. dX = dY * W^T).
void gb_gemm_ex(size_t m, size_t n, size_t k,
                const float *a, size_t a_row_stride, size_t a_col_stride,
                const float *b, size_t b_row_stride, size_t b_col_stride,
                float *c, size_t ldc, int accumulate);

/// The plain triple loop that defines gb_gemm's result; tests compare the fast path against it.
void gb_gemm_reference(size_t m, size_t n, size_t k,
                       const float *a, size_t a_row_stride, size_t a_col_stride,
                       const float *b, size_t ldb,
                       float *c, size_t ldc, int accumulate);

/// The reference with both B strides (defines gb_gemm_ex).
void gb_gemm_reference_ex(size_t m, size_t n, size_t k,
                          const float *a, size_t a_row_stride, size_t a_col_stride,
                          const float *b, size_t b_row_stride, size_t b_col_stride,
                          float *c, size_t ldc, int accumulate);

/// gb_gemm_ex forced onto one kernel (GB_GEMM_KERNEL_*), for tests and benchmarks. Returns 0 on
/// success, -1 (and leaves C untouched) when this CPU or build cannot run that kernel.
int gb_gemm_with_kernel(int kernel, size_t m, size_t n, size_t k,
                        const float *a, size_t a_row_stride, size_t a_col_stride,
                        const float *b, size_t b_row_stride, size_t b_col_stride,
                        float *c, size_t ldc, int accumulate);

/// 1 when this CPU (and this build) can run `kernel`, else 0. AUTO and SCALAR are always available.
int gb_gemm_kernel_available(int kernel);

/// Makes AUTO (and so gb_gemm / gb_gemm_ex) use `kernel` from now on, process-wide; pass
/// GB_GEMM_KERNEL_AUTO to return to the CPU's best. For benchmarks (`gradbook bench --kernel`):
/// the results do not change, only the speed. Returns -1 (and changes nothing) if unavailable.
int gb_gemm_set_kernel(int kernel);

/// The kernel AUTO resolves to (GB_GEMM_KERNEL_AVX512, _AVX2 or _SCALAR): the CPU's best unless
/// gb_gemm_set_kernel chose another.
int gb_gemm_selected_kernel(void);

/// Which kernel gb_gemm dispatches to (after gb_gemm_set_kernel): "avx512", "avx2" or "scalar".
const char *gb_gemm_kernel_name(void);

/*
 * One product on several threads. A pool is a few persistent threads owned by one training
 * session (created once, no allocation per product). gb_gemm_pooled splits C into tiles of whole
 * rows (or, for a C of few rows, whole columns) that the caller and the workers claim one by one;
 * each tile is an ordinary gb_gemm_ex call, so every element is one FMA chain in the same order,
 * and the result is bit-identical to gb_gemm_ex for any thread count. Workers take on the caller's
 * floating-point control word (FTZ/DAZ) for each product. Small products run on the caller alone.
 * One pool serves one calling thread at a time.
 */
typedef struct gb_gemm_pool gb_gemm_pool;

/// A pool of `threads` - 1 workers (the caller is the last thread); NULL for threads < 2 (and if
/// memory is short), which gb_gemm_pooled treats as one thread.
gb_gemm_pool *gb_gemm_pool_create(int threads);
/// Stops and joins the workers. NULL is allowed.
void gb_gemm_pool_destroy(gb_gemm_pool *pool);
/// Threads that run a product, the caller included (1 for NULL).
int gb_gemm_pool_threads(const gb_gemm_pool *pool);
/// gb_gemm_ex on the pool's threads (on the caller alone for a NULL pool).
void gb_gemm_pooled(gb_gemm_pool *pool, size_t m, size_t n, size_t k,
                    const float *a, size_t a_row_stride, size_t a_col_stride,
                    const float *b, size_t b_row_stride, size_t b_col_stride,
                    float *c, size_t ldc, int accumulate);

/// dst[r] = sum of src[r * lds + j] for j = 0, 1, ..., columns - 1, added in that order from +0
/// (the bits of the plain sequential loop), as a gemm vectorised across rows; on `pool`'s threads.
/// The bias gradients of a layer: sums of the delta rows [out, batch].
void gb_row_sums(gb_gemm_pool *pool, size_t rows, size_t columns, const float *src, size_t lds, float *dst);

/*
 * Flush-to-zero and denormals-are-zero for the calling thread: x86 MXCSR FTZ (bit 15) and DAZ
 * (bit 6), arm64 FPCR.FZ (bit 24), as PyTorch's torch.set_flush_denormal. Subnormal floats then
 * read and come out as zero, which avoids the microcode assists Intel cores take on each one; the
 * kernels stay bit-identical to each other (every variant flushes the same values). The control
 * word is per thread: each thread that trains sets it (Trainer.train does, for its duration).
 */
/// Sets (on != 0) or clears both bits; returns the previous control word for gb_restore_float_control.
unsigned long long gb_set_flush_denormals(int on);
/// The calling thread's floating-point control word (MXCSR or FPCR; 0 elsewhere).
unsigned long long gb_float_control(void);
/// Puts back a control word from gb_set_flush_denormals or gb_float_control.
void gb_restore_float_control(unsigned long long previous);
/// 1 when FTZ and DAZ (arm64: FZ) are on in the calling thread.
int gb_flush_denormals_enabled(void);

/*
 * Elementwise helpers for the engine's hot loops outside the products. They dispatch on the same
 * kernel choice as gb_gemm (so gb_gemm_set_kernel affects them too) and use only IEEE-exact
 * lane-wise operations in a fixed order: every CPU and every variant gives the same bits.
 */

/// dst[c * ldd + r] = src[r * lds + c] for r < rows, c < cols (src is rows x cols, row stride lds).
/// Regions must not overlap.
void gb_transpose(size_t rows, size_t cols, const float *src, size_t lds, float *dst, size_t ldd);

/// Step `step` (t, from 1) of Adam (decoupled = 0) or AdamW (decoupled = 1) over `count`
/// parameters with moments m and v: the adam / adamw rule of the optimizer contract, which is
/// written down once, on `Optimizer` (Sources/Backprop/Optimizer.swift). Computes the step's
/// constants from the hyperparameters, then runs gb_adam_update.
void gb_adam_step(size_t count, float *p, const float *g, float *m, float *v, int decoupled, size_t step,
                  double learning_rate, double beta1, double beta2, float epsilon, float weight_decay);

/// The elementwise loop of gb_adam_step with its constants given (named as in the contract:
/// shrink, l2, 1 - beta1, beta2, 1 - beta2, stepSize, correction2, eps).
void gb_adam_update(size_t count, float *p, const float *g, float *m, float *v, float shrink, float l2,
                    float one_minus_beta1, float beta2, float one_minus_beta2, float step_size,
                    float correction2, float epsilon);

/// The sgd, momentum and nesterov rules of the optimizer contract (Optimizer.swift) over `count`
/// parameters, without the statistics' sums (the fused training step's optimizer): rule
/// GB_SGD_RULE_*, `buffer` the momentum buffer (unused by PLAIN), `first_step` when t == 1 (the
/// buffer then starts as the gradient). learning_rate, weight_decay and momentum are the contract's
/// Float roundings. Bit-identical to the Swift loop of Optimizer.apply.
#define GB_SGD_RULE_PLAIN 0
#define GB_SGD_RULE_MOMENTUM 1
#define GB_SGD_RULE_NESTEROV 2
void gb_sgd_update(size_t count, float *p, const float *g, float *buffer, int rule, int first_step,
                   float learning_rate, float weight_decay, float momentum);
int gb_sgd_update_with_kernel(int kernel, size_t count, float *p, const float *g, float *buffer, int rule,
                              int first_step, float learning_rate, float weight_decay, float momentum);

/// The helpers forced onto one variant (GB_GEMM_KERNEL_*), for tests; -1 when unavailable.
int gb_transpose_with_kernel(int kernel, size_t rows, size_t cols, const float *src, size_t lds, float *dst, size_t ldd);
int gb_adam_update_with_kernel(int kernel, size_t count, float *p, const float *g, float *m, float *v, float shrink,
                               float l2, float one_minus_beta1, float beta2, float one_minus_beta2, float step_size,
                               float correction2, float epsilon);

/*
 * Transcendental activations and the softmax of the cross-entropy head. exp, expm1, log, log1p,
 * tanh and the normal CDF are fp32 polynomial / rational approximations evaluated with explicit
 * fused multiply-adds in one fixed order (Sources/CKernels/transcendental.h); the AVX-512, AVX2
 * and scalar variants run the very same operations, so they agree bit for bit (the scalar one
 * uses fmaf, a software routine on x86-64 CPUs without FMA). Definitions as PyTorch's
 * (torch.nn defaults): elu alpha 1, gelu exact erf form, silu, tanh, sigmoid = 1 / (1 + e^-x),
 * softplus beta 1 threshold 20.
 * Measured maximum errors against the double-precision definitions over ~2.2 million inputs
 * (every 1021st float of magnitude 2^-126 .. 128, both signs; normal results), in ulp of the
 * correctly rounded result: elu 0.87, gelu 5.3 (x < -1; 2.6 elsewhere; 3.9e-7 relative),
 * silu 2.3, tanh 2.4, sigmoid 2.4, softplus 1.9, exp 0.97, log 0.83 (1.7e-7 relative or better
 * except gelu). Derivatives (computed from z, not from the rounded output) are within 2.3e-7
 * absolute. Tests/BackpropTests/TranscendentalAccuracyTests.swift checks these bounds.
 */
#define GB_ACTIVATION_ELU 1
#define GB_ACTIVATION_GELU 2
#define GB_ACTIVATION_SILU 3
#define GB_ACTIVATION_TANH 4
#define GB_ACTIVATION_SIGMOID 5
#define GB_ACTIVATION_SOFTPLUS 6

/// a[i] = f(z[i]) for the GB_ACTIVATION_* function (any other value copies z). a may equal z.
void gb_activation_forward(int function, size_t count, const float *z, float *a);
/// d[i] *= f'(z[i]), where a[i] = f(z[i]) is the forward output (tanh and sigmoid read it).
void gb_activation_backward(int function, size_t count, const float *z, const float *a, float *d);
/// Softmax pieces of a [outputs, batch] row-major logit block, column by column:
///     largest[j] = max_i z[i, j];  e[i, j] = exp(z[i, j] - largest[j]);
///     total[j] = sum_i e[i, j] (summed in order i = 0, 1, ...);  log_total[j] = log(total[j]) + largest[j]
/// e is [outputs, batch]; largest, total and log_total hold batch floats. e must not overlap z.
void gb_softmax_columns(size_t outputs, size_t batch, const float *z, float *e, float *largest, float *total,
                        float *log_total);

int gb_activation_forward_with_kernel(int kernel, int function, size_t count, const float *z, float *a);
int gb_activation_backward_with_kernel(int kernel, int function, size_t count, const float *z, const float *a,
                                       float *d);
int gb_softmax_columns_with_kernel(int kernel, size_t outputs, size_t batch, const float *z, float *e,
                                   float *largest, float *total, float *log_total);

/// The same functions on one value (bit-identical to the array versions).
float gb_activation1(int function, float x);
/// f'(x) as gb_activation_backward computes it (with a = f(x)).
float gb_activation_derivative1(int function, float x);
float gb_expf(float x);
/// log(x) for positive normal x (also 0 -> -inf, +inf -> +inf, negative / NaN -> NaN).
float gb_logf(float x);
float gb_expm1f(float x);
float gb_tanhf(float x);
/// log(1 + e^x) without the threshold (so also the stable log1p(exp(-|x|)) of the logistic losses).
float gb_softplusf(float x);
/// 1 / (1 + e^-x).
float gb_sigmoidf(float x);

#endif
